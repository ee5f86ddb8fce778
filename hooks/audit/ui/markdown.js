// A small markdown renderer for the card details the service writes (paragraphs, **bold**,
// *emphasis*, `code`, links, bullet lists, pipe tables, headings). It builds DOM nodes and puts
// every piece of text in with createTextNode, never through innerHTML, so any HTML in the data
// (a display string an EHR sent, say) shows as the characters it is and can never become markup.
"use strict";

(function (global) {
  function inline(text, parent) {
    let i = 0;
    let plain = "";
    const flush = () => {
      if (plain) parent.appendChild(document.createTextNode(plain));
      plain = "";
    };
    while (i < text.length) {
      const rest = text.slice(i);
      let m;
      if (rest.startsWith("**") && (m = /^\*\*([^*]+)\*\*/.exec(rest))) {
        flush();
        const strong = document.createElement("strong");
        inline(m[1], strong);
        parent.appendChild(strong);
        i += m[0].length;
      } else if (rest[0] === "*" && (m = /^\*([^*\s][^*]*)\*/.exec(rest))) {
        flush();
        const em = document.createElement("em");
        inline(m[1], em);
        parent.appendChild(em);
        i += m[0].length;
      } else if (rest[0] === "`" && (m = /^`([^`]+)`/.exec(rest))) {
        flush();
        const code = document.createElement("code");
        code.textContent = m[1];
        parent.appendChild(code);
        i += m[0].length;
      } else if (rest[0] === "[" && (m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest))) {
        flush();
        // Only web links; anything else (javascript:, data:) stays as text.
        if (/^https?:\/\//i.test(m[2])) {
          const a = document.createElement("a");
          a.href = m[2];
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          a.textContent = m[1];
          parent.appendChild(a);
        } else {
          parent.appendChild(document.createTextNode(m[0]));
        }
        i += m[0].length;
      } else if (rest[0] === "\\" && rest.length > 1) {
        plain += rest[1];
        i += 2;
      } else {
        plain += rest[0];
        i += 1;
      }
    }
    flush();
  }

  function cells(line) {
    let s = line.trim();
    if (s.startsWith("|")) s = s.slice(1);
    if (s.endsWith("|")) s = s.slice(0, -1);
    return s.split("|").map((c) => c.trim());
  }

  function table(lines) {
    const t = document.createElement("table");
    t.className = "md-table";
    const head = document.createElement("thead");
    const hr = document.createElement("tr");
    for (const c of cells(lines[0])) {
      const th = document.createElement("th");
      inline(c, th);
      hr.appendChild(th);
    }
    head.appendChild(hr);
    t.appendChild(head);
    const body = document.createElement("tbody");
    for (const line of lines.slice(2)) {
      const tr = document.createElement("tr");
      for (const c of cells(line)) {
        const td = document.createElement("td");
        inline(c, td);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    t.appendChild(body);
    return t;
  }

  function render(text) {
    const out = document.createDocumentFragment();
    const lines = String(text || "").split(/\r?\n/);
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        i += 1;
        continue;
      }
      if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
        const block = [];
        while (i < lines.length && /^\s*\|/.test(lines[i])) block.push(lines[i++]);
        out.appendChild(table(block));
        continue;
      }
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) {
        const h = document.createElement("h" + Math.min(6, heading[1].length + 3));
        inline(heading[2], h);
        out.appendChild(h);
        i += 1;
        continue;
      }
      if (/^\s*[-*]\s+/.test(line)) {
        const ul = document.createElement("ul");
        while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) {
          const li = document.createElement("li");
          inline(lines[i].replace(/^\s*[-*]\s+/, ""), li);
          ul.appendChild(li);
          i += 1;
        }
        out.appendChild(ul);
        continue;
      }
      const para = [];
      while (i < lines.length && lines[i].trim() && !/^\s*[-*|#]/.test(lines[i])) {
        para.push(lines[i++].trim());
      }
      if (para.length === 0) para.push(lines[i++].trim());
      const p = document.createElement("p");
      inline(para.join(" "), p);
      out.appendChild(p);
    }
    return out;
  }

  global.AucMarkdown = { render: render };
})(window);
