/** Vietnamese text classification for child safety: see README.md. */
export { TEXT_CATEGORIES } from './categories.js';
export { classifyText, type TextVerdict } from './classify.js';
