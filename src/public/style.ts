/**
 * The public pages' only stylesheet, served as a file (/p/lachan.css) so the pages' CSP can say
 * style-src 'self' with no inline styles. Mobile first; contrast ≥ 4.5:1 everywhere; visible focus.
 */
export const PUBLIC_CSS = `*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b4fa3}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #c25100;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
.sos{background:#9b1c1c;color:#fff;padding:.3rem 1rem .4rem;font-weight:600}
.sos p{margin:.1rem 0}
.calls{display:flex;flex-wrap:wrap;gap:.5rem}
.call{display:inline-flex;align-items:center;min-height:44px;padding:.2rem .55rem;border-radius:6px;font-weight:700}
.sos p:first-child{font-size:.95rem}
.sos .call{color:#9b1c1c;background:#fff;text-decoration:none}
header.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.4rem 1rem;border-bottom:1px solid #ccc}
header.top .brand{font-weight:700;font-size:1.2rem;color:#14532d;text-decoration:none}
.exit{display:inline-flex;align-items:center;min-height:44px;padding:.2rem .9rem;border-radius:8px;background:#1a1a1a;color:#fff;font-weight:700;text-decoration:none}
footer nav a{display:inline-block;padding:.6rem 0}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;line-height:1.25;margin:.3rem 0 .4rem}
h3{font-size:1.05rem;margin:.8rem 0 .3rem}
h4{font-size:1rem;margin:.6rem 0 .2rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
fieldset{border:1px solid #bbb;border-radius:8px;margin:0 0 .7rem;padding:.4rem .7rem}
.grid{display:grid;grid-template-columns:1fr 1fr;column-gap:.5rem}
details.more{border:1px solid #bbb;border-radius:8px;margin:.8rem 0;padding:0 .7rem}
details.more summary{min-height:44px;display:flex;align-items:center;font-weight:700;cursor:pointer;color:#0b4fa3}
details.more[open]{padding-bottom:.5rem}
.field-err{color:#9b1c1c;font-weight:700;margin:.2rem 0}
[aria-invalid=true]{border-color:#9b1c1c;outline:2px solid #9b1c1c}
.note{background:#fff8e1;border-left:4px solid #8a5a00;padding:.6rem 1rem;margin:0 0 1rem}
.advice{border-top:1px solid #ddd;margin-top:.6rem}
button.quiet{background:#fff;color:#14532d;border:2px solid #14532d}
legend{font-weight:700;padding:0 .25rem}
label{display:block;margin:.35rem 0}
.opt{display:flex;gap:.4rem;align-items:center;padding:.1rem 0;min-height:44px;line-height:1.25}
.grid .opt{font-size:.95rem}
.opt input{width:1.4rem;height:1.4rem;flex:none;margin-top:.1rem}
input[type=text],input[type=email],input[type=tel],input[type=date],input[type=url],select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #666;border-radius:6px;background:#fff;color:#1a1a1a;min-height:44px}
textarea{min-height:4.5rem}
.hint{color:#4a4a4a;font-size:.92rem;margin:.15rem 0 .4rem}
.danger{background:#fdecec;border-color:#9b1c1c}
button,.btn{display:inline-block;font:inherit;font-weight:700;background:#14532d;color:#fff;border:0;border-radius:8px;padding:.8rem 1.4rem;min-height:48px;cursor:pointer;text-decoration:none}
.err{background:#fdecec;border-left:4px solid #9b1c1c;padding:.6rem 1rem;margin:0 0 1rem}
.ok{background:#e8f5ec;border-left:4px solid #14532d;padding:.6rem 1rem;margin:0 0 1rem}
.code{font:700 1.6rem/1.3 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.08em}
footer{max-width:44rem;margin:2rem auto;padding:1rem;color:#4a4a4a;font-size:.9rem;border-top:1px solid #ccc}
@media (min-width:48rem){body{font-size:1.05rem}}
`;
