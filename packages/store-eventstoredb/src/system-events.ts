/**
 * True for an EventStoreDB system event, which read-all leaves out: one in a system stream
 * (`$stats-…`, `$settings`, the metadata stream `$$…` of any stream) or of a system type
 * (`$metadata`, a link `$>`, even inside an ordinary stream). The server reserves only a
 * leading `$`; a `$` elsewhere in a name is ordinary.
 */
export function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.streamId.startsWith("$") || event.type.startsWith("$");
}
