/** Prefix of every agreement's stream id, so other systems' streams can share a store. */
export const AGREEMENT_STREAM_PREFIX = "agreement-";

/** The stream id of an agreement. */
export function agreementStreamId(agreementId: string): string {
  return `${AGREEMENT_STREAM_PREFIX}${agreementId}`;
}

/** The agreement id of a stream id, or `undefined` for a stream that is not an agreement's. */
export function agreementIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith(AGREEMENT_STREAM_PREFIX)
    ? streamId.slice(AGREEMENT_STREAM_PREFIX.length)
    : undefined;
}
