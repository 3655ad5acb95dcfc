/**
 * The hashes of an event read by a contender that keeps no hash chain (the raw drivers and
 * Emmett): none. The core's codec and the register fold take the whole `StoredEvent` envelope but
 * never read its hashes, so these contenders pass this in their place; `""` is no SHA-256 hash
 * (the core's `HASH_PATTERN` refuses it), so nothing can take such an event for a chained one.
 */
export const NO_HASH = "";
