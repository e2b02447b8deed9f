/**
 * Kept only for reviews/create-review-request.ts, which another change is editing: the filter's use
 * cases now live one per file by kind of record (lists/, categories/, bands/, rules/, settings/,
 * alerts/). Delete this file once that import reads '../lists/clean-domains.js'.
 */
export { cleanDomains } from './lists/clean-domains.js';
