/**
 * `@iop/core`: IOP agreements as event streams — the events (zod schemas), commands and their
 * pure decider, the fold, the storage port and the command handler. Adapters build on the kit at
 * `@iop/core/adapter-kit`; test helpers are at `@iop/core/testing`.
 */

// Handling commands against a store.
export { AGREEMENT_STREAM_PREFIX, agreementIdOfStream, agreementStreamId } from "./agreement-stream.js";
// Backups: exports that carry their hashes and a trailer, imports that check them first.
export {
  EXPORT_FORMAT,
  ExportChecker,
  type ExportTrailer,
  exportLines,
} from "./backup/export-format.js";
export {
  type ExportLine,
  type ImportOptions,
  type ImportResult,
  importExport,
} from "./backup/import-export.js";
export { canonicalJson } from "./canonical-json.js";
// The event catalog: JSON Schemas and an AsyncAPI document for systems that do not read TypeScript.
export { asyncApiDocument } from "./catalog/asyncapi.js";
export { catalogFiles } from "./catalog/catalog-files.js";
export {
  CATALOG_BASE_URI,
  commandJsonSchema,
  commandSchemaPath,
  eventJsonSchema,
  eventSchemaPath,
  type JsonSchema,
  PERSON_ERASED,
  PERSONAL_KEYWORD,
  personErasedJsonSchema,
} from "./catalog/json-schema.js";
export { decodeEvent, encodeEvent, type RecordedEvent } from "./codec.js";
// Deciding and folding.
export { type CommandContext, commandContext, parseCommandContext } from "./command-context.js";
export {
  AgreementCommandHandler,
  type CommandHandlerOptions,
  type CommandValidator,
  type HandledCommand,
  type LoadedAgreement,
  type ValidationInput,
} from "./command-handler.js";
export {
  type Command,
  type CommandOf,
  type CommandType,
  commandEvents,
  commandTypes,
  eventCommands,
  isCommandType,
} from "./commands.js";
export { decide, decideEvent } from "./decide.js";
// Errors, by layer, and guards that work across installed copies.
export { DomainError, isDomainError } from "./errors/domain-error.js";
export {
  CommandIdReusedError,
  DateOrderViolationError,
  LifecycleViolationError,
  OverlappingReportError,
  ReportOutsidePeriodError,
} from "./errors/domain-errors.js";
export { type CoreErrorCode, type CoreErrorsByCode, hasErrorCode } from "./errors/error-codes.js";
export { IntegrityError } from "./errors/integrity-errors.js";
export { describeIssues, fieldPath, type InputIssue, IopError, isIopError } from "./errors/iop-error.js";
export { ErasureRefusedError } from "./errors/personal-data-errors.js";
export {
  ConcurrencyError,
  CorruptEventError,
  EventDecodingError,
  InvalidStoreInputError,
  ProjectionConflictError,
  StoreClosedError,
  StoreDriverError,
  StoreFullError,
  StoreOpenError,
  StoreReadOnlyError,
  StoreUnavailableError,
} from "./errors/storage-errors.js";
export { InvalidCommandError, RuleViolationError, type Violation } from "./errors/validation-errors.js";
// The model: events, commands, state.
export {
  type AgreementTerms,
  agreementTerms,
  type ExtensionClause,
  extensionClause,
  type PublicPartySucceededData,
  publicPartySucceededData,
  type SignedData,
  signedData,
  type TerminatedData,
  terminatedData,
} from "./events/agreement-events.js";
export {
  type AppliedData,
  type AppliedDataV1,
  appliedData,
  appliedDataV1,
  type WithdrawnData,
  withdrawnData,
} from "./events/application-events.js";
export {
  type DomainEvent,
  type EventData,
  type EventOf,
  type EventType,
  eventCatalog,
  eventTypes,
  isEventType,
} from "./events/catalog.js";
export {
  type AmendedData,
  amendedData,
  type ExtendedData,
  extendedData,
  type GrantedData,
  grantedData,
  type RejectedData,
  type RenegotiatedData,
  type RenewalDeclinedData,
  rejectedData,
  renegotiatedData,
  renewalDeclinedData,
} from "./events/decision-events.js";
export {
  commitmentsMet,
  deviations,
  type EvaluatedData,
  evaluatedData,
  type PeriodReportedData,
  periodReportedData,
} from "./events/follow-up-events.js";
export { type DecisionSummary, evolve, fold, type LifecycleEvent } from "./evolve.js";
// Integrity: the hash chain, the RFC 6962 tree, signed checkpoints.
export {
  type Checkpoint,
  type CheckpointKeys,
  formatCheckpoint,
  generateCheckpointKeys,
  signCheckpoint,
  verifierKeyOf,
  verifyCheckpoint,
} from "./integrity/checkpoint.js";
export {
  canonicalEnvelope,
  eventHash,
  GENESIS_HASH,
  HASH_PATTERN,
  type HashedEnvelope,
  isHash,
  sha256Hex,
} from "./integrity/event-hash.js";
export {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleRootBuilder,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from "./integrity/merkle.js";
export {
  type CheckedProof,
  type ConsistencyProofDocument,
  checkProof,
  type InclusionProofDocument,
  type ProofDocument,
  proveConsistency,
  proveInclusion,
} from "./integrity/proofs.js";
export {
  type EventProblem,
  type FindingKind,
  type VerifiedStore,
  type VerifyFinding,
  type VerifyOptions,
  type VerifyReport,
  verifyStore,
} from "./integrity/verify-store.js";
export { parseCommand } from "./parse-command.js";
// Personal data: sealed under per-person keys, erasable without breaking the chain.
export {
  type ErasurePolicy,
  type ErasureRequest,
  type ErasureResult,
  erasures,
  forgetPerson,
  type LegalBasis,
  legalBasis,
  organisationPolicy,
  type PersonErasedData,
  personErasedData,
  publicAuthorityPolicy,
} from "./personal/erasure.js";
export { InMemoryPersonKeyStore, newPersonKey, type PersonKeyStore } from "./personal/person-key-store.js";
export {
  PERSONAL_DATA_STREAM,
  type PersonalDataStore,
  protectPersonalData,
} from "./personal/personal-data-store.js";
export { type PersonalField, personalFields, personalFieldsByEventType } from "./personal/personal-fields.js";
export {
  type PersonalDataEntry,
  type RegisterExtract,
  registerExtract,
} from "./personal/register-extract.js";
export {
  ERASED_VALUE,
  isSealedValue,
  maskSealedValues,
  SEALED_FORMAT,
  SEALED_PLACEHOLDER,
  type SealedValue,
} from "./personal/sealed-value.js";
// Value schemas: dates, money, parties, periods.
export {
  addCalendarDays,
  addCalendarMonths,
  type CalendarDate,
  calendarDate,
  calendarDateOfUtc,
  calendarDaysBetween,
  compareDates,
  isCalendarDate,
  maxDate,
  minDate,
} from "./schemas/calendar-date.js";
export {
  type Decision,
  type DecisionInput,
  type DecisionPoint,
  decision,
  decisionPoint,
} from "./schemas/decision.js";
export { type Kronor, kronor } from "./schemas/money.js";
export { normaliseOrganisationNumber, ORGANISATION_NUMBER_SHAPE } from "./schemas/organisation-number.js";
export {
  type Activity,
  activity,
  type Contribution,
  contribution,
  type Organisation,
  organisation,
  type Person,
  type PublicParty,
  person,
  personId,
  publicParty,
  type Side,
  side,
} from "./schemas/parties.js";
export {
  type Period,
  period,
  periodContains,
  periodCovers,
  periodDays,
  periodsOverlap,
} from "./schemas/period.js";
export { type SourceDocument, sourceDocument } from "./schemas/source-document.js";
export { type AgreementState, type AgreementStatus, effectiveEnd, initialState } from "./state.js";
// The storage port.
export type { IopStore } from "./store/core-event-store.js";
export type {
  EventMetadata,
  Json,
  NewEvent,
  RecordedAppend,
  RecordedEnvelope,
  StoredEvent,
} from "./store/envelope.js";
export type {
  AppendedEvent,
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
} from "./store/event-store.js";
export { MAX_JSON_DEPTH } from "./store/exact-json.js";
export type { ProjectionSnapshot, ProjectionStore } from "./store/projection-store.js";
export { type ReadAllPagesOptions, readAllPages } from "./store/read-pages.js";
export { readAllPastCorrupt } from "./store/read-past-corrupt.js";
export {
  DEFAULT_READ_ALL_LIMIT,
  MAX_EVENT_DATA_LENGTH,
  MAX_EVENT_METADATA_LENGTH,
  MAX_EVENT_TYPE_LENGTH,
  MAX_STREAM_ID_LENGTH,
} from "./store/store-input.js";
// Durable projection tables.
export { type GroupChange, type PreparedBuild, ProjectionTables } from "./tables/projection-tables.js";
export type { RowFilter, TableBuild, TableCatalog } from "./tables/table-driver.js";
export type { ColumnSpec, ColumnType, ColumnValue, TableRow, TableSchema } from "./tables/table-schema.js";
export { appliedV1ToV2, defaultUpcasters, type Upcaster, UpcasterRegistry } from "./upcasting.js";
export { type StreamFinding, verifyStream } from "./verify-stream.js";
