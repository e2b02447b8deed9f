import type { TextCategory } from './categories.js';

/**
 * Phrase rules for the child-safety categories the profanity lexicons do not cover. Each rule is a
 * regular expression on the folded text (no diacritics, teencode expanded, single spaces), so one
 * pattern matches text written with and without diacritics. Words are whole tokens: patterns are
 * wrapped in token boundaries. A rule's weight is how sure one match alone makes us; a category's
 * score combines its matches as 1 − Π(1 − w).
 *
 * Written from knowledge of how these messages look (child-protection guidance on grooming and
 * sextortion, scam warnings by the police, news language), not from the evaluation set.
 */
export type Rule = {
  name: string;
  category: TextCategory;
  weight: number;
  re: RegExp;
  /** For text written with diacritics: the rule counts only if this also matches the accented text ("đồ ngủ" is not "đồ ngu"). */
  accentedGuard?: RegExp;
};

const YOU = '(?:em|con|chau|be|ban|may|mi|cau|to)';
const ME = '(?:anh|chu|tao|minh|tui|toi|ta|to|co|di|bac|ong|chi)';
const PIC = '(?:anh|hinh|hinh anh|clip|video|vid|pic|cam)';

function r(name: string, category: TextCategory, weight: number, pattern: string, accentedGuard?: RegExp): Rule {
  const rule: Rule = { name, category, weight, re: new RegExp(`(?<![a-z0-9])(?:${pattern})(?![a-z0-9])`) };
  if (accentedGuard) rule.accentedGuard = accentedGuard;
  return rule;
}

export const RULES: Rule[] = [
  // --- grooming: personal details, photos, secrecy, meeting, gifts
  r('ask_age', 'grooming', 0.45, `${YOU} (?:nam nay )?(?:bao nhieu|may|nhieu) tuoi`),
  r('ask_grade', 'grooming', 0.45, `(?:${YOU} )?(?:dang )?hoc (?:lop|nam) (?:may|bao nhieu|nao)|hoc truong (?:nao|gi)`),
  r(
    'ask_home',
    'grooming',
    0.5,
    `nha ${YOU} o (?:dau|duong nao|phuong nao|quan nao|cho nao)|${YOU} (?:song|o) (?:o )?(?:dau|phuong nao|quan nao|duong nao)|dia chi nha|cho ${ME} (?:xin )?dia chi`,
  ),
  r('alone_home', 'grooming', 0.45, `(?:bo me|ba me|bo|me) ${YOU} (?:co nha|co o nha|di lam|di vang|ve muon|di cong tac)|o nha (?:mot minh|1 minh)`),
  r(
    'ask_photo',
    'grooming',
    0.55,
    `(?:gui|send|cho|chup|quay|sent) (?:cho )?(?:${ME} )?(?:xem |ngam )?(?:${PIC})(?: cua)? (?:${YOU} )?(?:di|nhe|nha|duoc khong|voi|khong|di ma|that|rieng|nong|sexy|mac do|khong mac|nude|lo|ho|toan than|than|khoa than|rieng tu)`,
  ),
  r('photo_body', 'grooming', 0.45, `(?:${PIC}) (?:nong|sexy|khoa than|nude|khong mac|ho hang|lo hang|mac do lot|do lot|bikini)`),
  r('show_body', 'grooming', 0.6, `(?:cho|de) ${ME} (?:xem|ngam|nhin) (?:nguc|ti|vu|mong|hang|than|nguoi|cai do|cho do|cho kin)`),
  r('camera', 'grooming', 0.55, `(?:bat|mo) cam (?:len|di|cho)`),
  r('video_call', 'grooming', 0.3, `(?:goi|call|facetime) (?:video|vid)|video call`),
  r(
    'secrecy',
    'grooming',
    0.65,
    `(?:dung|khong duoc|dung co|cam|khong nen) (?:noi|ke|ke lai|bao|ke chuyen|cho) (?:voi |cho )?(?:ai|bo me|ba me|bo|me|co giao|thay giao|thay|co|nguoi lon|ban be|gia dinh|ai biet)|bi mat (?:cua|giua) (?:hai|2|chung) (?:dua|anh em|ta|minh)|xoa (?:het )?tin nhan (?:di|nay|sau khi)|chuyen (?:cua|giua) (?:hai|2) (?:dua|anh em|chung ta)`,
  ),
  r(
    'meet',
    'grooming',
    0.45,
    `(?:gap|don|dua) ${YOU} (?:o|tai|sau|truoc|ngoai|khi|luc|nhe|nha|di)|(?:hen|ra) gap (?:${ME}|${YOU}|nhau)|${ME} (?:den|qua|toi) (?:don|gap|tim) ${YOU}|(?:di|vao) (?:khach san|nha nghi)|(?:sau gio|tan) hoc (?:${ME} )?(?:don|gap|cho)|mot minh (?:ra|den|di) gap|${ME} (?:den|qua|toi) (?:choi|don|gap|tim)|gap ${ME} (?:o|sau|truoc|tai|ngoai|luc)`,
  ),
  r(
    'gift',
    'grooming',
    0.5,
    `${ME} (?:se )?(?:cho|tang|mua|nap|gui|chuyen) (?:cho )?${YOU} (?:tien|qua|the cao|the nap|dien thoai|iphone|skin|kim cuong|quan huy|robux|do|\\d+ ?(?:k|nghin|trieu|tr)?)|${ME} (?:se )?(?:mua|tang|nap|chuyen|gui) (?:[a-z0-9]+ ){1,3}cho ${YOU}|nap (?:game|the|kim cuong|quan huy|robux|uc) cho ${YOU}`,
  ),
  r(
    'flattery',
    'grooming',
    0.3,
    `${YOU} (?:xinh|dep|truong thanh|chin chan|hieu chuyen) (?:hon|qua so voi) (?:tuoi|ban be)|${YOU} (?:la )?nguoi yeu (?:be nho )?cua ${ME}|chi ${ME} hieu ${YOU}`,
  ),
  // --- sextortion: images held over the victim
  r('hold_images', 'sextortion', 0.45, `${ME} (?:co|dang giu|giu|luu) (?:het )?(?:${PIC}) (?:nong |nude |khoa than |sex |nhay cam )?(?:cua )?${YOU}`),
  r(
    'threat_publish',
    'sextortion',
    0.6,
    `(?:dang|phat tan|tung|gui|share|up|bung|post) (?:het )?(?:${PIC}) (?:nong |nude |khoa than |sex |nhay cam )?(?:cua )?(?:${YOU} )?(?:len|vao)|(?:gui|share|dang) (?:het )?(?:${PIC}) (?:[a-z]+ ){0,4}cho (?:bo me|gia dinh|ban be|nha truong|co giao|ca lop|ca truong|nguoi yeu)|cho ca (?:truong|lop|facebook|fb|bo me|gia dinh|ban be|xom|the gioi) (?:xem|biet|thay)`,
  ),
  r(
    'threat_condition',
    'sextortion',
    0.5,
    `neu (?:${YOU} )?(?:khong|chua) (?:chuyen|gui|nap|dua|lam|dap ung|nghe loi|gap)|(?:chuyen|gui|nap|dua) (?:${ME} )?(?:\\d+ ?k?|them|tien|\\d+ trieu)(?:[a-z ]{0,20}) (?:neu khong|khong thi|ko thi|khong la)|khong thi (?:${ME} )?(?:dang|tung|phat tan|gui)`,
  ),
  // --- sexual content
  r(
    'sex_terms',
    'sexual',
    0.6,
    `sex|(?:anh|hinh|clip|video) khoa than|lam tinh|quan he tinh duc|quan he xac thit|thu dam|loan luan|nude|porn|jav|khieu dam|phim heo|phim nguoi lon|phim sex|truyen sex|clip sex|clip nong|anh nong|gai goi|ban dam|mua dam|sugar baby|sgbb|dit nhau|chich nhau|some|khoe hang|khoe nguc|show hang|lo hang|18\\+ khong che|nung qua|muon duoc (?:lam|dit|chich)`,
  ),
  r(
    'sex_body',
    'sexual',
    0.45,
    `(?:cu|chim|nguc|vu|mong|hang) (?:${YOU} )?(?:to|dai|nong|uot|cang|dep|trang) (?:qua|the|khong|ghe)|(?:bu|liem|so|boc|nan|xoa|xem|ngam) (?:cu|chim|nguc|vu|ti|hang|mong|buom)`,
  ),
  // --- self-harm and suicide
  r(
    'suicide',
    'self_harm',
    0.7,
    `tu tu|(?<!cuoi |nong |doi |so |buon cuoi |dep |ngon )muon (?:chet|tu tu|bien mat)|khong muon song|chan song|ket lieu (?:ban than|cuoc doi|doi minh)|tu ket lieu|ket thuc (?:tat ca|cuoc song|cuoc doi|moi thu|doi minh)|nhay (?:cau|lau|tu tang)|treo co|uong (?:het )?(?:thuoc ngu|thuoc chuot|thuoc tru sau)|song (?:lam gi|de lam gi|cung vo nghia)|thu tuyet menh|(?:minh|em|toi|tao|to) (?:[a-z]+ )?(?:di chet cho|chet di cho|chet cho) (?:roi|xong|nhe nguoi)`,
  ),
  r(
    'self_harm',
    'self_harm',
    0.65,
    `cat tay|rach tay|tu hai|tu lam dau|lam dau ban than|rach co tay|dao lam (?:minh|tay)|ca voi xanh|blue whale|momo challenge|thu thach (?:tu hai|ca voi)`,
  ),
  r(
    'despair',
    'self_harm',
    0.3,
    `khong ai can (?:minh|em|toi|tao|to)|(?:minh|em|toi|tao|to) la ganh nang|met moi (?:lam|qua) roi|tram cam|vinh biet (?:moi nguoi|tat ca)`,
  ),
  r('vanish', 'self_harm', 0.3, `bien mat (?:mai mai|khoi the gioi|khoi cuoc doi)|uoc gi (?:minh|em|toi|tao|to) (?:chua tung|khong) (?:duoc )?sinh ra`),
  // --- violence
  r(
    'threat_kill',
    'violence',
    0.65,
    `${ME} (?:se )?(?:giet|chem|dam|xien|ban|xu|dap|danh|dot nha) (?:chet )?(?:may|ca nha may|bon may|chung may|mi|no|thang do|con do)(?! tinh| anh| bay| tre| ve)|giet (?:chet|nguoi|het)|chem (?:chet|nhau|giet)|dam (?:chet|nhau)|ban chet|dap chet|(?:xien|dam|chem|giet|ban|dap) chet (?:cha |me |ca nha )?(?:no|may|thang|con|bon)|danh (?:chet|hoi dong|cho chet|nhau|ghen)|xu dep`,
  ),
  r('weapons', 'violence', 0.45, `dao (?:phay|bau|nhon|gam|kiem)|mang (?:dao|sung|hung khi|kiem)|sung (?:hoa cai|tu che|ban dan|cao su)|hung khi`),
  r('fight_plan', 'violence', 0.45, `hen (?:ra )?(?:keo|xu|danh)|bao luc hoc duong|tra thu|chat dau|goi (?:them )?(?:nguoi|anh em) (?:ra )?(?:xu|danh)`),
  r('attack', 'violence', 0.6, `boc axit|tat axit|bom xang|dot nha|hanh hung|khung bo`),
  // --- drugs
  r(
    'drug_names',
    'drugs',
    0.55,
    `ma tuy|thuoc lac|ke ha|ke vien|heroin|cocaine|coca|mdma|ecstasy|can sa|bong can|co my|tem giay|lsd|nam than|nam ao giac|nuoc vui|bong cuoi|ong dien|hang tra|keo lac|bay lac|bay ke|hut da|choi da|ong da|hut co|hit ke|hang da|meth|weed|thc|vape (?:can|thc|co)|tinh dau can`,
  ),
  r(
    'drug_trade',
    'drugs',
    0.5,
    `(?:ship|ban|co san|can ban|mua) (?:[a-z]+ ){0,3}(?:ke|da|can|co|keo|tem|nam) (?:[a-z]+ ){0,3}(?:ngon|xin|chuan|bao phe|sll|inbox|lien he|lh|zalo)|(?:ship|ban|can|co|mua|lay) (?:hang|ke|da|co|can|keo|thuoc lac|nam|tem)(?: ngon| xin| chuan| gia| inbox| ib| sll| lh)|(?:ib|inbox|lien he|lh) (?:lay|mua) (?:hang|ke|da|co|can|keo)`,
  ),
  // --- gambling
  r(
    'betting',
    'gambling',
    0.6,
    `ca do|ca cuoc|nha cai|tai xiu|soi keo|keo nha cai|keo bong|bao lo|lo de|danh de|ghi de|xoc dia|da ga|no hu|ban ca doi thuong|game bai|doi thuong|casino|baccarat|roulette|slot game|choi bai (?:an tien|online)|dat cuoc|cuoc (?:bong da|the thao)|xo so (?:lau|online)|lo to online`,
  ),
  r(
    'bookmakers',
    'gambling',
    0.6,
    `w88|fb88|188bet|kubet|jun88|789bet|shbet|8xbet|fun88|ae888|new88|hi88|f8bet|m88|bet365|1xbet|vn88|sv388|okvip|hb88|mb66|j88|go88|sunwin|b52 club|rikvip|hitclub|iwin`,
  ),
  r(
    'bet_promo',
    'gambling',
    0.35,
    `nap (?:dau|lan dau) (?:tang|nhan|x2|khuyen mai)|hoan tra (?:\\d+ ?%|moi ngay)|rut tien (?:sieu toc|nhanh|trong \\d+)|ty le (?:an|thang) cao|uy tin so 1|tang (?:\\d+ ?k?|code|giftcode) (?:khi )?(?:dang ky|nap)`,
  ),
  // --- scams
  r(
    'prize',
    'scam',
    0.55,
    `trung thuong|nhan thuong|qua tri an|qua tang tri an|giai thuong (?:tri gia|lon)|(?:ban|em|quy khach) (?:da )?(?:duoc chon|may man) (?:nhan|trung)|trung (?:iphone|xe may|xe sh|\\d+ trieu)|nhan (?:ngay )?(?:iphone|xe may|xe sh|tien mat) (?:mien phi)?`,
  ),
  r(
    'credentials',
    'scam',
    0.65,
    `(?<!khong |dung |khong duoc |tuyet doi khong |khong bao gio )(?:gui|cung cap|doc|dua|cho|nhap) (?:cho )?(?:${ME} |ben em |nhan vien )?(?:ma )?(?:otp|ma xac nhan|ma xac thuc|mat khau|pass|so tai khoan|so the|cccd|can cuoc|ma pin)|ma otp|(?:tai khoan|the) (?:cua )?(?:ban |quy khach )?(?:bi khoa|bi dong bang|se bi khoa|bi tam khoa)|xac minh tai khoan|dang nhap (?:vao )?(?:link|duong link|trang)`,
  ),
  r(
    'money_transfer',
    'scam',
    0.4,
    `chuyen khoan (?:truoc|phi|ngay|gap|de nhan|cho)|phi (?:nhan thuong|van chuyen|ho so|giai ngan|kich hoat|bao hiem khoan vay)|nap (?:them )?tien (?:de|vao) (?:rut|nhan|kich hoat|mo khoa)|dong phi|coc truoc`,
  ),
  r(
    'impersonation',
    'scam',
    0.35,
    `(?:me|bo|con|anh|chi|em) (?:bi )?mat dien thoai|dang (?:phai )?cap cuu|bi tai nan (?:giao thong )?(?:dang|can)|(?:so|tai khoan) (?:nay|moi) cua (?:me|bo|con)`,
  ),
  r(
    'job_loan',
    'scam',
    0.5,
    `viec nhe luong cao|lam (?:nhiem vu|don) (?:nhan|huong) hoa hong|cong tac vien (?:ban hang|lam nhiem vu|online)|tuyen ctv|luong (?:\\d+ ?(?:k|tr|trieu)?)(?: ?- ?\\d+ ?(?:tr|trieu))? (?:mot|1) ngay|vay (?:tien )?(?:nhanh|online|khong can the chap|chi can cccd)|giai ngan (?:trong|ngay|nhanh)|bitcoin x2|nhan doi so tien|lai (?:\\d+ ?%) (?:mot|1|moi) (?:ngay|tuan)|kiem tien (?:tai nha|online) (?:de dang|\\d+)`,
  ),
  r(
    'game_bait',
    'scam',
    0.5,
    `(?:kim cuong|quan huy|robux|skin|acc|uc|xu) (?:mien phi|free)|hack (?:kim cuong|quan huy|robux|acc|xu)|tang acc|nhan (?:kim cuong|quan huy|robux|skin) (?:mien phi|free)`,
  ),
  // --- hate and bullying beyond single profane words
  r(
    'slurs',
    'hate',
    0.75,
    `bac ky|nam ky|parky|bac cu|ba que|3 que|tau khua|khua|moi ro|do moi|bon moi|pe de|be de|xang pha nhot|thu vat|suc vat|oc cho|do rac ruoi|rac ruoi|mat day|vo hoc|beo nhu (?:lon|heo)|xau nhu (?:cho|ma|quy)|do an hai|cut ve|cut di|cut khoi|loai nhu may|khong ai (?:choi|them choi|thich) (?:voi )?may`,
  ),
  r('stupid', 'hate', 0.7, `(?:do|thang|con|lu|bon) ngu|ngu nhu (?:bo|cho|lon|heo|trau)`, /(?<!\p{L})ngu(?!\p{L})/u),
  r('death_wish', 'hate', 0.6, `(?:may|no|chung may|bon may|thang nay|con nay) (?:nen|di|dang) chet|chet (?:di|me) (?:may|di)|sao (?:may|no) khong chet`),
];

/**
 * News, awareness and enforcement language: a sentence about arrests for betting or a campaign
 * against drugs is not betting or drugs. Topics that are reported about lose most of their score.
 */
const REPORTING_CONTEXT =
  /(?<![a-z0-9])(?:bat giu|bi bat|triet pha|khoi to|tam giam|xu phat|phong chong|tuyen truyen|tac hai|dieu tra|vu an|toa an|truy to|xet xu|ngan chan|chuyen de|hoi thao|nguoi dan can|lua dao|thu doan|cach nhan biet|dung tin|de tai|phong su|bai bao|bo phim|khuyen cao|chien dich)(?![a-z0-9])/;
const DAMPED: ReadonlySet<TextCategory> = new Set(['drugs', 'gambling', 'scam', 'violence', 'sexual']);
export const REPORTING_DAMPING = 0.35;

export type RuleHit = { rule: Rule; weight: number; text: string };

/** Every rule that matches the folded text, weights already adjusted for reporting context. */
export function matchRules(folded: string, accentedText: string | null = null): RuleHit[] {
  const reporting = REPORTING_CONTEXT.test(folded);
  const hits: RuleHit[] = [];
  for (const rule of RULES) {
    const m = rule.re.exec(folded);
    if (!m) continue;
    if (accentedText !== null && rule.accentedGuard && !rule.accentedGuard.test(accentedText)) continue;
    const weight = reporting && DAMPED.has(rule.category) ? rule.weight * REPORTING_DAMPING : rule.weight;
    hits.push({ rule, weight, text: m[0] });
  }
  return hits;
}
