/**
 * Strings of the console's home page and of the shell's "no access" and "not found" pages,
 * Vietnamese first; `en` has exactly the shape of `vi`. Kept beside the pages so they load with them.
 */
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';

const vi = {
  greeting: (name: string) => `Xin chào, ${name}`,
  intro: 'Việc đang chờ bạn, đếm trực tiếp từ hệ thống. Bấm vào một ô để mở đúng danh sách.',
  refresh: 'Cập nhật số liệu',
  countedAt: (time: string) => `Số liệu lúc ${time}`,
  loadFailed: 'Không tải được số liệu trang chủ.',
  enable2fa: 'Nên bật xác thực hai bước trong trang Tài khoản.',
  modules: 'Các phân hệ',
  comingSoon: 'Sắp có',
  open: 'Mở danh sách',
  sections: {
    reports: 'Phản ánh',
    cityReports: 'Phản ánh toàn thành phố',
    handovers: 'Hồ sơ bàn giao',
    detection: 'Rà soát nội dung',
    filter: 'Bộ lọc DNS trường học',
    admin: 'Quản trị hệ thống',
    programmes: 'Giáo dục an toàn trên mạng',
    targets: 'Ba chỉ tiêu của thành phố',
  },
  tiles: {
    reportsNew: 'Phản ánh mới chưa xử lý',
    reportsP1: 'Khẩn cấp (P1) đang mở',
    reportsOverdue: 'Quá hạn xử lý',
    reportsOpen: 'Đang mở',
    handoversOpen: 'Hồ sơ bàn giao chờ tiếp nhận',
    itemsToDecide: 'Nội dung chờ quyết định',
    itemsFailed: 'Không tải được trang',
    itemsWaiting: 'Đang chờ tải và phân tích',
    networks: 'Dải mạng đã đăng ký',
    lookups24h: 'Lượt truy vấn trong 24 giờ',
    blocked24h: 'Lượt bị chặn trong 24 giờ',
    fleetNeedingLook: 'Trạm lọc cần kiểm tra (im lặng hoặc chậm phiên bản)',
    lockedAccounts: 'Tài khoản đang bị khoá',
    accountsWithout2fa: 'Tài khoản chưa bật xác thực hai bước',
    tokensExpiringSoon: 'Mã truy cập API hết hạn trong 14 ngày',
    programmeSessions: 'Buổi học đã ghi nhận trong kỳ',
    programmeMissing: 'Buổi còn thiếu để đạt',
  },
  hints: {
    noNetworks: 'Chưa đăng ký dải mạng nào: bộ lọc chưa bảo vệ trường. Hãy khai báo mạng của trường.',
    overdue: 'Có phản ánh quá hạn: cần xử lý ngay.',
    cityOnly: 'Chỉ số liệu tổng hợp: vai trò của bạn không mở từng phản ánh.',
    programmeCovered: (min: number, from: string, to: string) => `Đã đạt: trường có ít nhất ${min} buổi trong kỳ ${from} – ${to}.`,
    programmeNotCovered: (min: number, from: string, to: string) => `Chưa đạt: cần ít nhất ${min} buổi trong kỳ ${from} – ${to}.`,
  },
  noTargets: 'Chưa có dữ liệu chỉ tiêu: phân hệ Chỉ tiêu chưa sẵn sàng.',
  nothing: 'Hiện chưa có việc nào được giao cho vai trò của bạn trên trang này.',
  forbidden: {
    title: 'Bạn không có quyền xem trang này',
    body: 'Vai trò của bạn không được mở trang này. Nếu cần, hãy đề nghị quản trị viên cấp quyền.',
  },
  notFound: {
    title: 'Không tìm thấy trang',
    body: 'Địa chỉ này không có trong bảng điều khiển. Hãy kiểm tra lại đường dẫn.',
  },
  pageError: {
    title: 'Trang này gặp lỗi',
    body: 'Trang không hiển thị được. Hãy thử lại; nếu vẫn lỗi, hãy báo cho quản trị viên.',
    retry: 'Thử lại',
  },
  home: 'Về trang chủ',
  menu: 'Mở menu',
  userMenu: 'Tài khoản của tôi',
};

type HomeMessages = typeof vi;

const en: HomeMessages = {
  greeting: (name: string) => `Hello, ${name}`,
  intro: 'The work waiting for you, counted live. Select a tile to open the list behind it.',
  refresh: 'Refresh the figures',
  countedAt: (time: string) => `Figures as of ${time}`,
  loadFailed: 'The home page figures could not be loaded.',
  enable2fa: 'We recommend turning on two-factor authentication on the Account page.',
  modules: 'Modules',
  comingSoon: 'Coming soon',
  open: 'Open the list',
  sections: {
    reports: 'Reports',
    cityReports: 'Reports across the city',
    handovers: 'Hand-overs',
    detection: 'Content review',
    filter: 'School DNS filter',
    admin: 'System administration',
    programmes: 'Online safety education',
    targets: 'The city’s three targets',
  },
  tiles: {
    reportsNew: 'New reports not yet handled',
    reportsP1: 'Urgent (P1), open',
    reportsOverdue: 'Overdue',
    reportsOpen: 'Open',
    handoversOpen: 'Hand-overs waiting to be taken',
    itemsToDecide: 'Items waiting for a decision',
    itemsFailed: 'Pages that could not be fetched',
    itemsWaiting: 'Waiting to be fetched and analysed',
    networks: 'Network ranges registered',
    lookups24h: 'Look-ups in the last 24 hours',
    blocked24h: 'Blocked in the last 24 hours',
    fleetNeedingLook: 'Filter nodes needing a look (silent or behind)',
    lockedAccounts: 'Accounts locked out',
    accountsWithout2fa: 'Accounts without two-factor authentication',
    tokensExpiringSoon: 'API tokens expiring within 14 days',
    programmeSessions: 'Sessions recorded this period',
    programmeMissing: 'Sessions still needed',
  },
  hints: {
    noNetworks: 'No network range registered: the filter does not protect the school yet. Register the school’s networks.',
    overdue: 'Some reports are overdue: handle them now.',
    cityOnly: 'Totals only: your role does not open individual reports.',
    programmeCovered: (min: number, from: string, to: string) => `Covered: the school has at least ${min} sessions in ${from} – ${to}.`,
    programmeNotCovered: (min: number, from: string, to: string) => `Not yet covered: at least ${min} sessions needed in ${from} – ${to}.`,
  },
  noTargets: 'No target data yet: the Indicators module is not ready.',
  nothing: 'No work is assigned to your role on this page yet.',
  forbidden: {
    title: 'You do not have permission to view this page',
    body: 'Your role may not open this page. If you need it, ask an administrator for access.',
  },
  notFound: {
    title: 'Page not found',
    body: 'This address is not part of the console. Check the link.',
  },
  pageError: {
    title: 'This page failed',
    body: 'The page could not be shown. Try again; if it still fails, tell an administrator.',
    retry: 'Try again',
  },
  home: 'Back to the home page',
  menu: 'Open the menu',
  userMenu: 'My account',
};

const homeMessages: Record<Lang, HomeMessages> = { vi, en };

export function useHomeT(): HomeMessages {
  return homeMessages[useLang().lang];
}
