/**
 * Strings of the fleet page ("Trạm lọc"), Vietnamese first; `en` has exactly the shape of `vi`.
 * Kept beside the page so they load with it, lazily.
 */
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';

const vi = {
  title: 'Trạm lọc',
  hint: 'Mỗi trạm lọc DNS đặt tại trường (hoặc một máy chủ chung cho vài trường nhỏ) nhận chính sách của Thành phố cho các trường nó phục vụ và gửi về số liệu tổng hợp. Trạm im lặng quá 2 phút hoặc chậm phiên bản quá 1 phút được đánh dấu.',
  centreVersion: (v: number) => `Phiên bản chính sách hiện tại của Thành phố: ${v}`,
  needsLook: (n: number) => `${n} trạm cần kiểm tra (im lặng hoặc chậm phiên bản).`,
  allWell: 'Mọi trạm đang hoạt động đều báo về đúng hạn.',
  empty: 'Chưa có trạm lọc nào. Hãy tạo mã ghi danh cho trạm đầu tiên.',
  col: {
    name: 'Trạm',
    schools: 'Trường được phục vụ',
    address: 'Địa chỉ trạm',
    lastSeen: 'Liên lạc lần cuối',
    software: 'Phần mềm',
    policy: 'Chính sách',
    health: 'Tình trạng',
  },
  state: {
    ok: 'Hoạt động',
    silent: 'Im lặng',
    behind: 'Chậm phiên bản',
    revoked: 'Đã thu hồi',
  },
  ago: (s: number) =>
    s < 60
      ? `${s} giây trước`
      : s < 3600
        ? `${Math.floor(s / 60)} phút trước`
        : s < 86_400
          ? `${Math.floor(s / 3600)} giờ trước`
          : `${Math.floor(s / 86_400)} ngày trước`,
  never: 'Chưa liên lạc',
  version: (v: number) => `Phiên bản ${v}`,
  lag: (n: number) => (n === 0 ? 'mới nhất' : `chậm ${n} phiên bản`),
  behindSince: (at: string) => `chậm từ ${at}`,
  upstreams: (up: number, all: number) => `Máy chủ DNS gốc: ${up}/${all} hoạt động`,
  qps: (q: string) => `${q} truy vấn/giây`,
  cache: (p: string) => `Bộ nhớ đệm: ${p}% trúng`,
  noHealth: 'Chưa có báo cáo',
  revokedBecause: (why: string) => `Lý do thu hồi: ${why}`,
  enrol: 'Ghi danh trạm mới',
  enrolTitle: 'Tạo mã ghi danh trạm lọc',
  enrolHint: 'Mã chỉ dùng được một lần, trong thời hạn đã chọn. Trạm chỉ nhận chính sách của các trường chọn ở đây.',
  nodeName: 'Tên trạm',
  nodeNameHint: 'Ví dụ: Trạm THCS Ba Đình — phòng máy',
  schoolsPick: 'Các trường trạm phục vụ',
  schoolsSearch: 'Tìm trường theo tên hoặc mã',
  expires: 'Hết hạn sau',
  hours: (h: number) => (h < 48 ? `${h} giờ` : `${h / 24} ngày`),
  create: 'Tạo mã',
  createdTitle: 'Mã ghi danh đã tạo',
  createdOnce:
    'Mã này chỉ hiện một lần. Hãy sao chép lệnh dưới đây và chạy trên máy của trạm lọc (với quyền dùng cổng 53). LACHAN_DNS_ADDR là địa chỉ thiết bị của trường hỏi DNS (0.0.0.0:53: mọi địa chỉ của máy, cổng 53); LACHAN_DATA_DIR là thư mục trạm giữ danh tính và chính sách. Muốn có DoH/DoT, thêm LACHAN_DOH_ADDR, LACHAN_DOT_ADDR, LACHAN_TLS_CERT và LACHAN_TLS_KEY.',
  command: 'Lệnh chạy trên trạm',
  token: 'Mã ghi danh',
  expiresAt: (at: string) => `Hết hạn lúc ${at}`,
  done: 'Đã sao chép, đóng',
  revoke: 'Thu hồi',
  revokeTitle: (name: string) => `Thu hồi trạm "${name}"`,
  revokeHint:
    'Từ lúc thu hồi, trạm không nhận thêm chính sách nào và số liệu của trạm bị từ chối. Trạm vẫn lọc bằng chính sách đã có cho đến khi được thay thế.',
  reason: 'Lý do',
  reasonRequired: 'Hãy ghi lý do thu hồi.',
  revoked: 'Đã thu hồi trạm.',
  autoRefresh: 'Tự cập nhật mỗi 15 giây',
};

type FleetMessages = typeof vi;

const en: FleetMessages = {
  title: 'Filter nodes',
  hint: "Each DNS filter node sits at a school (or serves a few small schools from one server): it receives the city's policy for the schools it serves and sends back aggregate counters. A node silent for over 2 minutes or behind the policy for over 1 minute is flagged.",
  centreVersion: (v: number) => `The city's current policy version: ${v}`,
  needsLook: (n: number) => `${n} node(s) need a look (silent or behind).`,
  allWell: 'Every active node is reporting on time.',
  empty: 'No filter nodes yet. Create an enrolment token for the first one.',
  col: {
    name: 'Node',
    schools: 'Schools served',
    address: 'Node address',
    lastSeen: 'Last seen',
    software: 'Software',
    policy: 'Policy',
    health: 'Health',
  },
  state: {
    ok: 'Working',
    silent: 'Silent',
    behind: 'Behind',
    revoked: 'Revoked',
  },
  ago: (s: number) =>
    s < 60 ? `${s} s ago` : s < 3600 ? `${Math.floor(s / 60)} min ago` : s < 86_400 ? `${Math.floor(s / 3600)} h ago` : `${Math.floor(s / 86_400)} days ago`,
  never: 'Never',
  version: (v: number) => `Version ${v}`,
  lag: (n: number) => (n === 0 ? 'latest' : `${n} version(s) behind`),
  behindSince: (at: string) => `behind since ${at}`,
  upstreams: (up: number, all: number) => `Upstream DNS: ${up}/${all} up`,
  qps: (q: string) => `${q} queries/s`,
  cache: (p: string) => `Cache: ${p}% hits`,
  noHealth: 'No report yet',
  revokedBecause: (why: string) => `Revoked because: ${why}`,
  enrol: 'Enrol a node',
  enrolTitle: 'Create a node enrolment token',
  enrolHint: 'The token works once, within the chosen time. The node receives only the policies of the schools chosen here.',
  nodeName: 'Node name',
  nodeNameHint: 'For example: Ba Đình lower secondary — computer room',
  schoolsPick: 'Schools the node serves',
  schoolsSearch: 'Search schools by name or code',
  expires: 'Expires after',
  hours: (h: number) => (h < 48 ? `${h} hours` : `${h / 24} days`),
  create: 'Create token',
  createdTitle: 'Enrolment token created',
  createdOnce:
    "This token is shown once only. Copy the command below and run it on the filter node's machine (allowed to use port 53). LACHAN_DNS_ADDR is where the school's devices ask for DNS (0.0.0.0:53: every address of the machine, port 53); LACHAN_DATA_DIR is the directory where the node keeps its identity and policy. For DoH/DoT add LACHAN_DOH_ADDR, LACHAN_DOT_ADDR, LACHAN_TLS_CERT and LACHAN_TLS_KEY.",
  command: 'Command to run on the node',
  token: 'Enrolment token',
  expiresAt: (at: string) => `Expires at ${at}`,
  done: 'Copied, close',
  revoke: 'Revoke',
  revokeTitle: (name: string) => `Revoke node "${name}"`,
  revokeHint: 'From now on the node receives no new policy and its counters are refused. It keeps filtering with the policy it has until it is replaced.',
  reason: 'Reason',
  reasonRequired: 'Give the reason for the revocation.',
  revoked: 'Node revoked.',
  autoRefresh: 'Refreshes every 15 seconds',
};

const fleetMessages: Record<Lang, FleetMessages> = { vi, en };

export function useFleetT(): FleetMessages {
  const { lang } = useLang();
  return fleetMessages[lang];
}
