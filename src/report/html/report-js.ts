/**
 * Progressive enhancement, inline and allowed by its hash in the Content-Security-Policy: tables with
 * class `sortable` sort by a column on click (numbers by `data-sort`). The page reads fully without it.
 */
export const REPORT_JS = `(function(){
"use strict";
function key(cell){if(!cell)return "";var s=cell.getAttribute("data-sort");if(s!==null&&s!==""&&!isNaN(Number(s)))return Number(s);return (cell.textContent||"").trim().toLowerCase();}
function cmp(a,b){if(typeof a==="number"&&typeof b==="number")return a-b;if(typeof a==="number")return -1;if(typeof b==="number")return 1;return a<b?-1:a>b?1:0;}
var tables=document.querySelectorAll("table.sortable");
Array.prototype.forEach.call(tables,function(table){
var heads=table.querySelectorAll("thead th");
Array.prototype.forEach.call(heads,function(th,col){
var b=document.createElement("button");b.type="button";b.className="sort";
while(th.firstChild)b.appendChild(th.firstChild);th.appendChild(b);
b.addEventListener("click",function(){
var dir=th.getAttribute("aria-sort")==="ascending"?"descending":"ascending";
Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",dir);
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(r1,r2){var c=cmp(key(r1.cells[col]),key(r2.cells[col]));return dir==="ascending"?c:-c;});
rows.forEach(function(r){body.appendChild(r);});
});
});
});
})();`;
