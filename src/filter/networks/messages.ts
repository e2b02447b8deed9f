import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  'filter.cidr_reserved': {
    vi: 'Dải mạng {cidr} thuộc vùng địa chỉ đặc biệt (link-local, multicast, tài liệu, dành riêng hoặc lẫn nhiều vùng): không trường nào khai báo được.',
    en: 'Network {cidr} is special address space (link-local, multicast, documentation, reserved or a mix): no school may hold it.',
  },
  'filter.cidr_public': {
    vi: 'Dải mạng {cidr} là địa chỉ công cộng trên Internet: trường chỉ khai báo được dải mạng riêng mà Thành phố đã giao.',
    en: 'Network {cidr} is public internet address space: a school may declare only private ranges the city assigned to it.',
  },
  'filter.cidr_public_too_wide': {
    vi: 'Dải địa chỉ công cộng {cidr} quá rộng: một trường giữ tối đa /24 (IPv4) hoặc /48 (IPv6).',
    en: 'Public range {cidr} is too wide: a school holds at most a /24 (IPv4) or a /48 (IPv6).',
  },
  'filter.network_not_assigned': {
    vi: 'Dải mạng {cidr} không nằm trong dải Thành phố đã giao cho trường (được giao: {assigned}). Hãy đề nghị Thành phố giao dải này.',
    en: 'Network {cidr} is not inside a range the city assigned to this school (assigned: {assigned}). Ask the city to assign it.',
  },
  'filter.network_none_assigned': {
    vi: 'Thành phố chưa giao dải mạng nào cho trường, nên trường chưa khai báo được {cidr}. Hãy đề nghị Thành phố giao dải mạng của trường.',
    en: 'The city has not assigned any range to this school yet, so {cidr} cannot be declared. Ask the city to assign the school’s ranges.',
  },
  'filter.network_taken': {
    vi: 'Dải mạng {cidr} trùng với dải mạng thuộc một trường khác. Hãy liên hệ Thành phố.',
    en: 'Network {cidr} overlaps a range that belongs to another school. Contact the city.',
  },
  'filter.network_overlap': {
    vi: 'Dải mạng {cidr} trùng với dải mạng {other} đã khai báo của trường {school}. Hãy xử lý dải của trường kia trước.',
    en: 'Network {cidr} overlaps network {other} declared by school {school}. Resolve the other school’s range first.',
  },
  'filter.network_overlap_assigned': {
    vi: 'Dải mạng {cidr} trùng với dải {other} Thành phố đã giao cho trường {school}. Hãy xử lý dải của trường kia trước.',
    en: 'Network {cidr} overlaps range {other} the city assigned to school {school}. Resolve the other school’s range first.',
  },
  'filter.network_duplicate': {
    vi: 'Trường đã khai báo dải mạng {cidr}.',
    en: 'The school already has network {cidr}.',
  },
});
