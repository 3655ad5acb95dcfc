import type {
  CommandIdReusedError,
  DateOrderViolationError,
  LifecycleViolationError,
  OverlappingReportError,
  ReportOutsidePeriodError,
} from "./domain-errors.js";
import type { IntegrityError } from "./integrity-errors.js";
import { type IopError, isIopError } from "./iop-error.js";
import type { ErasureRefusedError } from "./personal-data-errors.js";
import type {
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
} from "./storage-errors.js";
import type { InvalidCommandError, RuleViolationError } from "./validation-errors.js";

/** Every error code of `@iop/core`, with the error that carries it. */
export interface CoreErrorsByCode {
  INVALID_COMMAND: InvalidCommandError;
  RULE_VIOLATION: RuleViolationError;
  LIFECYCLE_VIOLATION: LifecycleViolationError;
  DATE_ORDER_VIOLATION: DateOrderViolationError;
  REPORT_OUTSIDE_PERIOD: ReportOutsidePeriodError;
  OVERLAPPING_REPORT: OverlappingReportError;
  COMMAND_ID_REUSED: CommandIdReusedError;
  CONCURRENCY_CONFLICT: ConcurrencyError;
  INVALID_STORE_INPUT: InvalidStoreInputError;
  STORE_UNAVAILABLE: StoreUnavailableError;
  STORE_CLOSED: StoreClosedError;
  STORE_FULL: StoreFullError;
  STORE_READ_ONLY: StoreReadOnlyError;
  STORE_CANNOT_OPEN: StoreOpenError;
  STORE_DRIVER_FAILED: StoreDriverError;
  CORRUPT_EVENT: CorruptEventError;
  EVENT_DECODING_FAILED: EventDecodingError;
  PROJECTION_CONFLICT: ProjectionConflictError;
  INTEGRITY_CHECK_FAILED: IntegrityError;
  ERASURE_REFUSED: ErasureRefusedError;
}

/** A code of {@link CoreErrorsByCode}. */
export type CoreErrorCode = keyof CoreErrorsByCode;

/**
 * True when `value` is an error of this library with this code, narrowed to its class. Works
 * across two installed copies of `@iop/core`, where `instanceof` does not.
 * @example if (hasErrorCode(error, "CONCURRENCY_CONFLICT")) retryLater(error.actual);
 */
export function hasErrorCode<C extends CoreErrorCode>(value: unknown, code: C): value is CoreErrorsByCode[C];
export function hasErrorCode(value: unknown, code: string): value is IopError;
export function hasErrorCode(value: unknown, code: string): value is IopError {
  return isIopError(value) && value.code === code;
}
