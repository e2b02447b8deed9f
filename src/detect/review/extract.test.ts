import { describe, expect, it } from 'vitest';
import { decodeEntities, extractHtml, extractPlain } from './extract.js';

describe('review extraction: visible text, title, images, link hosts', () => {
  it('keeps what a reader sees and drops scripts, styles, comments and markup', () => {
    const html = `<!doctype html><html><head><title> Tin &quot;nóng&quot; &amp; mới </title>
      <meta property="og:image" content="https://cdn.example/share.jpg"><style>p{color:red}</style>
      <script type="text/javascript">document.write("<p>ẩn</p>")</script></head>
      <body><!-- <p>bình luận</p> --><h1>Ti&ecirc;u đề</h1><p>Đoạn&nbsp;một &#272;&#x1EA1;i</p><noscript>bật JS</noscript>
      <svg><text>vẽ</text></svg><p>Đoạn hai <b>đậm</b></p><textarea>nhập</textarea><SCRIPT>x()</SCRIPT ></body></html>`;
    const ex = extractHtml(html, 'https://site.example/a/b.html');
    expect(ex.title).toBe('Tin "nóng" & mới');
    expect(ex.text).toBe('Tiêu đề\nĐoạn một Đại\nĐoạn hai đậm');
    for (const hidden of ['ẩn', 'bình luận', 'color', 'bật JS', 'vẽ', 'nhập', 'x()']) expect(ex.text).not.toContain(hidden);
    expect(ex.images).toEqual(['https://cdn.example/share.jpg']);
  });

  it('resolves image and link URLs (relative, srcset, base href), og:image first, capped; ignores non-http links', () => {
    const imgs = Array.from({ length: 30 }, (_, i) => `<img src="/i/${i}.png">`).join('');
    const html = `<base href="https://static.example/root/"><img srcset="s.jpg 1x, l.jpg 2x"><img data-src="lazy.webp">${imgs}
      <meta name="twitter:image" content="tw.jpg"><a href="javascript:alert(1)">x</a><a href="mailto:a@b.c">m</a>
      <a href='https://Other.Example/p'>o</a><a href=//third.example/>t</a><img src="data:image/png;base64,AAAA">`;
    const ex = extractHtml(html, 'https://site.example/page');
    expect(ex.images).toHaveLength(10);
    expect(ex.images.slice(0, 3)).toEqual(['https://static.example/root/tw.jpg', 'https://static.example/root/l.jpg', 'https://static.example/root/lazy.webp']);
    expect(ex.images[3]).toBe('https://static.example/i/0.png');
    expect(ex.linkHosts).toEqual(['other.example', 'third.example']);
  });

  it('caps the text and says so', () => {
    const ex = extractHtml(`<p>${'chữ '.repeat(100_000)}</p>`, 'https://a.example/', {
      textChars: 1000,
      titleChars: 300,
      images: 10,
      linkHosts: 200,
      tagChars: 16_384,
    });
    expect(ex.textTruncated).toBe(true);
    expect(ex.text.length).toBeLessThanOrEqual(1000);
    const plain = extractPlain('x'.repeat(300_000));
    expect(plain).toMatchObject({ textTruncated: true, title: null, images: [] });
    expect(plain.text.length).toBe(200_000);
  });

  it('decodes entities without inventing characters', () => {
    expect(decodeEntities('&lt;b&gt; &agrave;&Ocirc;&otilde; &#x1F600; &#0; &#xD800; &unknown; &amp')).toBe('<b> àÔõ 😀 \ufffd \ufffd &unknown; &');
  });

  it('takes linear time on hostile markup (unclosed comments, quotes, scripts, tags)', () => {
    for (const evil of [
      '<!--'.repeat(500_000),
      '<a x="'.repeat(400_000),
      '<script>'.repeat(300_000),
      '<'.repeat(2_000_000),
      `<title>${'a'.repeat(2_000_000)}`,
    ]) {
      const t0 = Date.now();
      const ex = extractHtml(evil, 'https://e.example/');
      expect(Date.now() - t0, evil.slice(0, 12)).toBeLessThan(3_000);
      expect(ex.text.length).toBeLessThanOrEqual(200_000);
      expect((ex.title ?? '').length).toBeLessThanOrEqual(300);
    }
  });
});
