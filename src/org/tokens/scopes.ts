/**
 * What a machine token may do. Features add scopes here as they land (filter nodes, partner intake).
 * Labels are shown in the console when an administrator issues a token.
 */
export const TOKEN_SCOPES: Record<string, { vi: string; en: string }> = {
  'org:read': { vi: 'Đọc danh mục đơn vị, cơ quan', en: 'Read units and agencies' },
  'schools:read': { vi: 'Đọc danh sách trường học', en: 'Read schools' },
  'schools:write': { vi: 'Cập nhật danh sách trường học', en: 'Update schools' },
  'filter:sync': { vi: 'Nút lọc DNS: tải chính sách, gửi thống kê', en: 'DNS filter node: fetch policy, send statistics' },
  'reports:write': { vi: 'Đối tác: gửi phản ánh', en: 'Partner: submit reports' },
};

/**
 * Scopes a token limited to a school or ward may not carry: what they open cannot be held to a
 * school or ward (filing a report), so the limit would be refused at every call. Refused when the
 * token is issued instead, with a message that says why.
 */
export const UNLIMITED_ONLY_SCOPES: readonly string[] = ['reports:write'];
