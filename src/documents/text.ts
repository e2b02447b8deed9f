/**
 * Text that reaches a document may come from the public (a reported URL, an account name). XML 1.0
 * cannot carry most control characters or lone surrogates, and Word refuses a file that has them,
 * so they are dropped here rather than letting one hostile character break the whole letter.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlSafe = (s: string): string => s.replace(NOT_XML, '');

/** Upper case the Vietnamese way (Đ, ơ, ư…): String.prototype.toLocaleUpperCase with vi. */
export const upperVi = (s: string): string => xmlSafe(s).toLocaleUpperCase('vi');
