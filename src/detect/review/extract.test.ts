import { describe, expect, it } from 'vitest';
import { extractHtml, extractPlain } from './extract.js';

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
    const text = (body: string) => extractHtml(`<p>${body}</p>`, 'https://e.example/').text;
    expect(text('&lt;b&gt; &agrave;&Ocirc;&otilde; &#x1F600; &#0; &#xD800; &unknown; &amp')).toBe('<b> àÔõ 😀 \ufffd \ufffd &unknown; &');
    // named entities the hand-written table never knew, numeric ones in both bases, C1 code points as browsers read them
    expect(text('&hellip;&ndash;&mdash;&euro;&larr;&rarr;&hearts;&frac12;&deg;&plusmn;&Dstrok;&dstrok;&abreve;&Abreve;&itilde;&Utilde;')).toBe(
      '…–—€←→♥½°±ĐđăĂĩŨ',
    );
    expect(text('&ohorn;')).toBe('&ohorn;'); // ơ has no HTML name: left as written
    expect(text('&#8230;&#x2026;&#X2026;&#150;&#x80;')).toBe('………–€');
    // the old decoder ran twice, so an escaped entity turned into markup-looking text
    expect(text('&amp;lt;script&amp;gt; &amp;amp;')).toBe('&lt;script&gt; &amp;');
    // legacy entities without a semicolon (as browsers do), but not inside a longer word
    expect(text('&copy 2026 &notit; &eacutex')).toBe('© 2026 ¬it; éx');
  });

  it('reads entities in titles and attributes, and &nbsp; as a space that does not split words', () => {
    const ex = extractHtml(
      `<title>Tin&nbsp;t&#7913;c &hellip; &ndash; &#8220;n&oacute;ng&#8221; &laquo;m&#x1EDB;i&raquo;</title>
       <body>Ng&agrave;y&nbsp;&nbsp;1 <a href="https://x.example/?a=1&amp;b=2&copy=3">l</a>
       <img src="/&#x61;.jpg?q=1&amp;r=2"></body>`,
      'https://site.example/',
    );
    expect(ex.title).toBe('Tin tức … – “nóng” «mới»');
    expect(ex.text).toBe('Ngày 1 l');
    expect(ex.linkHosts).toEqual(['x.example']);
    expect(ex.images).toEqual(['https://site.example/a.jpg?q=1&r=2']);
  });

  it('ignores scripts, styles, templates and foreign content, however they are spelled or nested', () => {
    const ex = extractHtml(
      `<p>trước</p><script type="module">const s = "</p><p>lộ";</script ><STYLE media=all>p::after{content:"lộ"}</STYLE>
       <script><!-- if (a <b) document.write("<p>lộ") --></script><template><p>lộ</p></template>
       <svg viewBox="0 0 1 1"><title>lộ</title><style>lộ</style><svg/><text>lộ</text></svg><math><mi>lộ</mi></math>
       <noscript><p>lộ</p></noscript><iframe srcdoc="x">lộ</iframe><textarea><p>lộ</p></textarea><title>lộ</title>
       <p>sau</p><svg/><p>vẫn thấy</p>`,
      'https://e.example/',
    );
    expect(ex.text).toBe('trước\nsau\nvẫn thấy');
    expect(ex.title).toBe('lộ'); // only the page's own <title>, the svg one is a drawing's
  });

  it('reads malformed HTML as a browser would: unclosed tags, stray closers, bad attributes, unclosed comments', () => {
    const ex = extractHtml(
      `<div><p>một<p>hai</span></div></div></b>ba <b>bốn<i>năm</b></i> < 3 <a href=https://a.example/x class="c>d">sáu</a> <b 4 <a href=https://b.example/>bảy</b>
       <img src='https://i.example/1.png' src="https://i.example/2.png"><a href="https://%zz">tám</a><a href>chín</a>
       <p title="x>y">mười</p><!-- bình luận chưa đóng <p>lộ`,
      'https://e.example/',
    );
    expect(ex.text).toBe('một\nhai\nba bốnnăm < 3 sáu bảy\ntámchín\nmười');
    expect(ex.linkHosts).toEqual(['a.example']); // '<a href=…b.example' sits inside the <b …> tag: an attribute, not a link
    expect(ex.images).toEqual(['https://i.example/1.png']);
    expect(extractHtml('<title>không đóng', 'https://e.example/').title).toBe('không đóng');
    expect(extractHtml('', 'not a url')).toEqual({ title: null, text: '', textTruncated: false, images: [], linkHosts: [] });
  });

  it('takes linear time on hostile markup (unclosed comments, quotes, scripts, tags)', () => {
    for (const evil of [
      '<!--'.repeat(500_000),
      '<a x="'.repeat(400_000),
      '<script>'.repeat(300_000),
      '<'.repeat(2_000_000),
      `<title>${'a'.repeat(2_000_000)}`,
      // deep nesting and stray closers: quadratic in htmlparser2's Parser, which extract does not use
      '<div>'.repeat(200_000),
      `${'<div>'.repeat(100_000)}${'</span>'.repeat(100_000)}`,
      `<img src="${'&amp;'.repeat(400_000)}`,
    ]) {
      const t0 = Date.now();
      const ex = extractHtml(evil, 'https://e.example/');
      expect(Date.now() - t0, evil.slice(0, 12)).toBeLessThan(3_000);
      expect(ex.text.length).toBeLessThanOrEqual(200_000);
      expect((ex.title ?? '').length).toBeLessThanOrEqual(300);
    }
  });
});
