/**
 * Escape text for HTML element content and quoted attribute values: & < > " ' become entities,
 * so caller text (a movie title, an option value) can never open a tag or close an attribute.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
