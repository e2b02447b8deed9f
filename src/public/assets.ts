/**
 * The public pages' two small static files besides the stylesheet.
 *
 * thoat.js is the only script: the pages work without it. With it, the quick-exit link replaces
 * the current page in the history (location.replace) instead of adding the neutral site after
 * it, so "back" does not lead to the report form; pressing Escape twice does the same.
 */
export const EXIT_SCRIPT = `(function(){var a=document.getElementById('quick-exit');if(!a)return;function go(e){if(e)e.preventDefault();try{document.body.style.display='none'}catch(x){}location.replace(a.href)}a.addEventListener('click',go);var last=0;document.addEventListener('keydown',function(e){if(e.key!=='Escape')return;var now=Date.now();if(now-last<800)go();last=now})})();
`;

/** A green shield with a leaf line: the site's icon (browsers ask for one; no 404 on every page). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 6v9c0 7.5 5.1 13.3 12 15 6.9-1.7 12-7.5 12-15V6z" fill="#14532d"/><path d="M11 19c4-1 8-5 10-10-5 1-9 4-10 10zm0 0-2 3" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round"/></svg>
`;
