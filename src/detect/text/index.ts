/** Vietnamese text classification for child safety: see README.md. */
export { TEXT_CATEGORIES, type TextCategory } from './categories.js';
export { classifyText, type TextVerdict } from './classify.js';
export { MAX_TEXT_CHARS, type NormalizedText, normalizeText } from './normalize.js';
