// The auditor console: a client of the auditor API (/audit/*). The token lives in this tab's
// sessionStorage and goes out as a bearer token with each fetch. Every string from the ledger
// is put into the page as text (textContent, createTextNode), never as HTML; card details go
// through AucMarkdown, which builds DOM nodes the same way. The URL holds only the view and a
// call's ledger number (#calls/12): never patient data, never filters.
"use strict";

(function () {
  const TOKEN_KEY = "auc-hooks-auditor-token";
  const PAGE_SIZE = 25;
  const CHART_MAX_DAYS = 31;
  const $ = (id) => document.getElementById(id);
  const state = { cursor: null, cursors: [], pageCursor: "" };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || "";
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function row(cellsText) {
    const tr = document.createElement("tr");
    for (const c of cellsText) {
      const td = document.createElement("td");
      if (c instanceof Node) td.appendChild(c);
      else td.textContent = c === undefined || c === null ? "" : String(c);
      tr.appendChild(td);
    }
    return tr;
  }

  function percent(rate) {
    return rate === null || rate === undefined ? "n/a" : (rate * 100).toFixed(1) + "%";
  }

  class SignInNeeded extends Error {}

  async function api(path) {
    const headers = { Accept: "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    const res = await fetch(path, { headers: headers, credentials: "same-origin", cache: "no-store" });
    if (res.status === 401) throw new SignInNeeded();
    if (!res.ok) {
      let message = "the service answered " + res.status;
      try {
        const outcome = await res.json();
        if (outcome.issue && outcome.issue[0] && outcome.issue[0].diagnostics) {
          message += ": " + outcome.issue[0].diagnostics;
        }
      } catch (e) {
        /* not JSON: keep the status */
      }
      throw new Error(message);
    }
    return res;
  }

  function showError(e) {
    if (e instanceof SignInNeeded) return signOut("The auditor token was not accepted.");
    const p = $("error");
    p.textContent = e.message || String(e);
    p.hidden = false;
  }

  function show(view) {
    for (const id of ["sign-in", "summary", "calls", "call", "filters", "unrecognised"]) $(id).hidden = true;
    $("tabs").hidden = view === "sign-in";
    $("error").hidden = true;
    if (view === "summary" || view === "calls") {
      $("filters").hidden = false;
      document.body.dataset.view = view;
    }
    $(view).hidden = false;
    for (const t of ["summary", "calls", "unrecognised"]) {
      $("tab-" + t).classList.toggle("active", view === t || (view === "call" && t === "calls"));
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    show("sign-in");
    const err = $("sign-in-error");
    err.textContent = message || "";
    err.hidden = !message;
    $("token").value = "";
    $("token").focus();
  }

  // Filters as API query parameters. Dates are whole days, UTC.
  function filterParams(forSummary) {
    const p = new URLSearchParams();
    const add = (name, id) => {
      const v = $(id).value;
      if (v) p.set(name, v);
    };
    add("from", "f-from");
    if ($("f-to").value) p.set("to", $("f-to").value + "T23:59:59Z");
    add("service", "f-service");
    if (!forSummary) {
      add("variant", "f-variant");
      add("rating", "f-rating");
      add("category", "f-category");
      add("indicator", "f-indicator");
      add("outcome", "f-outcome");
      add("override_reason", "f-override-reason");
    }
    return p;
  }

  // ---- Summary ----

  function groupRows(tbody, groups) {
    clear(tbody);
    for (const name of Object.keys(groups).sort()) {
      const g = groups[name];
      tbody.appendChild(row([name, g.cardsShown, g.accepted, g.overridden, percent(g.acceptanceRate)]));
    }
  }

  async function loadSummary() {
    const s = await (await api("/audit/summary?" + filterParams(true))).json();
    $("sum-calls").textContent = s.calls;
    $("sum-failed").textContent = s.failedCalls;
    $("sum-shown").textContent = s.cardsShown;
    $("sum-accepted").textContent = s.accepted;
    $("sum-overridden").textContent = s.overridden;
    $("sum-rate").textContent = percent(s.acceptanceRate);
    const reasons = $("sum-reasons").tBodies[0];
    clear(reasons);
    for (const r of s.overrideReasons) reasons.appendChild(row([r.display || r.code, r.code, r.count]));
    groupRows($("sum-by-variant").tBodies[0], s.byVariant);
    groupRows($("sum-by-study").tBodies[0], s.bySuggestedStudy);
    await drawChart();
  }

  function isoDay(d) {
    return d.toISOString().slice(0, 10);
  }

  // The selected period, or the last 14 days; at most CHART_MAX_DAYS (one summary per day).
  function chartDays() {
    const to = $("f-to").value ? new Date($("f-to").value + "T00:00:00Z") : new Date();
    let from = $("f-from").value
      ? new Date($("f-from").value + "T00:00:00Z")
      : new Date(to.getTime() - 13 * 86400000);
    if ((to - from) / 86400000 >= CHART_MAX_DAYS) from = new Date(to.getTime() - (CHART_MAX_DAYS - 1) * 86400000);
    const days = [];
    for (let d = new Date(isoDay(from) + "T00:00:00Z"); d <= to; d = new Date(d.getTime() + 86400000)) {
      days.push(isoDay(d));
    }
    return days;
  }

  async function drawChart() {
    const days = chartDays();
    const service = $("f-service").value;
    const per = await Promise.all(
      days.map(async (day) => {
        const p = new URLSearchParams({ from: day, to: day + "T23:59:59Z" });
        if (service) p.set("service", service);
        return (await api("/audit/summary?" + p)).json();
      })
    );
    const NS = "http://www.w3.org/2000/svg";
    const W = 720, H = 220, left = 40, bottom = 30, top = 10, right = 40;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Calls (bars) and acceptance rate (line) per day");
    const maxCalls = Math.max(1, ...per.map((s) => s.calls));
    const plotW = W - left - right, plotH = H - top - bottom;
    const slot = plotW / days.length;
    const text = (x, y, value, cls) => {
      const t = document.createElementNS(NS, "text");
      t.setAttribute("x", x);
      t.setAttribute("y", y);
      t.setAttribute("class", cls);
      t.textContent = value;
      svg.appendChild(t);
    };
    const axis = document.createElementNS(NS, "line");
    axis.setAttribute("x1", left);
    axis.setAttribute("x2", W - right);
    axis.setAttribute("y1", H - bottom);
    axis.setAttribute("y2", H - bottom);
    axis.setAttribute("class", "axis");
    svg.appendChild(axis);
    text(left - 6, top + 10, String(maxCalls), "label end");
    text(left - 6, H - bottom, "0", "label end");
    text(W - right + 6, top + 10, "100%", "label");
    text(W - right + 6, H - bottom, "0%", "label");
    const points = [];
    per.forEach((s, i) => {
      const x = left + i * slot;
      const h = (s.calls / maxCalls) * plotH;
      const bar = document.createElementNS(NS, "rect");
      bar.setAttribute("x", x + slot * 0.15);
      bar.setAttribute("width", Math.max(1, slot * 0.7));
      bar.setAttribute("y", H - bottom - h);
      bar.setAttribute("height", h);
      bar.setAttribute("class", "bar");
      const title = document.createElementNS(NS, "title");
      title.textContent = days[i] + ": " + s.calls + " calls, acceptance " + percent(s.acceptanceRate);
      bar.appendChild(title);
      svg.appendChild(bar);
      if (s.acceptanceRate !== null && s.acceptanceRate !== undefined) {
        const cx = x + slot / 2;
        const cy = H - bottom - s.acceptanceRate * plotH;
        points.push(cx.toFixed(1) + "," + cy.toFixed(1));
        const dot = document.createElementNS(NS, "circle");
        dot.setAttribute("cx", cx.toFixed(1));
        dot.setAttribute("cy", cy.toFixed(1));
        dot.setAttribute("r", "3.5");
        dot.setAttribute("class", "rate-point");
        svg.appendChild(dot);
      }
      if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
        text(x + slot / 2, H - bottom + 16, days[i].slice(5), "label middle");
      }
    });
    if (points.length > 0) {
      const line = document.createElementNS(NS, "polyline");
      line.setAttribute("points", points.join(" "));
      line.setAttribute("class", "rate");
      svg.appendChild(line);
    }
    const chart = $("chart");
    clear(chart);
    chart.appendChild(svg);
    const legend = el("p", null, "legend");
    legend.appendChild(el("span", "calls", "key-bar"));
    legend.appendChild(el("span", "acceptance rate", "key-rate"));
    chart.appendChild(legend);
  }

  // ---- Calls ----

  function outcomeOf(call) {
    if (!call.feedback || call.feedback.length === 0) return call.cardIndex.length > 0 ? "none" : "";
    return Array.from(new Set(call.feedback.map((f) => f.outcome))).join(", ");
  }

  async function loadCalls(cursor) {
    const p = filterParams(false);
    p.set("limit", String(PAGE_SIZE));
    if (cursor) p.set("cursor", cursor);
    const page = await (await api("/audit/calls?" + p)).json();
    state.pageCursor = cursor || "";
    state.cursor = page.nextCursor;
    const tbody = $("calls-table").tBodies[0];
    clear(tbody);
    for (const c of page.calls) {
      const link = el("a", c.receivedAt.replace("T", " ").replace(/\.\d+Z$/, "Z"));
      link.href = "#calls/" + encodeURIComponent(c.id);
      tbody.appendChild(
        row([
          link,
          c.service,
          c.orders.map((o) => o.variant).filter(Boolean).join(", "),
          c.orders.map((o) => o.procedureId || (o.orderedCodes[0] || {}).display || "").join(", "),
          c.orders.map((o) => (o.rating ? o.rating + " " + o.category : o.pamaRating)).join(", "),
          c.cardIndex.map((k) => k.indicator).join(", "),
          outcomeOf(c),
        ])
      );
    }
    $("calls-empty").hidden = page.calls.length > 0;
    $("next-page").disabled = !page.nextCursor;
    $("first-page").disabled = !cursor;
  }

  async function download(kind) {
    const paths = {
      csv: ["/audit/export/calls.csv", "auc-hooks-calls.csv"],
      ndjson: ["/audit/export/calls.ndjson", "auc-hooks-calls.ndjson"],
      events: ["/audit/export/audit-events.ndjson", "auc-hooks-audit-events.ndjson"],
    };
    const [path, name] = paths[kind];
    const blob = await (await api(path + "?" + filterParams(false))).blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ---- Unrecognised codes ----

  function unrecognisedParams() {
    const p = new URLSearchParams();
    if ($("u-from").value) p.set("from", $("u-from").value);
    if ($("u-to").value) p.set("to", $("u-to").value + "T23:59:59Z");
    if ($("u-system").value.trim()) p.set("system", $("u-system").value.trim());
    if ($("u-kind").value) p.set("kind", $("u-kind").value);
    return p;
  }

  async function loadUnrecognised() {
    const report = await (await api("/audit/unrecognised-codes?" + unrecognisedParams())).json();
    const tbody = $("unrecognised-table").tBodies[0];
    clear(tbody);
    for (const c of report.codes) {
      tbody.appendChild(row([c.kind, c.system, c.code, c.display, c.count, c.firstSeen, c.lastSeen, c.service]));
    }
    $("unrecognised-empty").hidden = report.codes.length > 0;
  }

  async function downloadUnrecognised() {
    const blob = await (await api("/audit/unrecognised-codes.csv?" + unrecognisedParams())).blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "unrecognised-codes.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // ---- One call ----

  function meta(dl, pairs) {
    clear(dl);
    for (const [k, v] of pairs) {
      if (v === undefined || v === null || v === "") continue;
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", v));
    }
  }

  function renderCard(card) {
    const box = el("article", null, "card card-" + (card.indicator || "info"));
    const head = el("header");
    head.appendChild(el("span", card.indicator, "indicator"));
    head.appendChild(el("strong", card.summary, "summary"));
    box.appendChild(head);
    const detail = el("div", null, "detail");
    detail.appendChild(window.AucMarkdown.render(card.detail || ""));
    box.appendChild(detail);
    if (card.source) {
      const src = el("p", "Source: " + (card.source.label || ""), "source");
      if (card.source.topic) src.appendChild(document.createTextNode(" (" + (card.source.topic.display || card.source.topic.code) + ")"));
      box.appendChild(src);
    }
    if (card.suggestions && card.suggestions.length) {
      const ul = el("ul", null, "suggestions");
      for (const s of card.suggestions) {
        const li = el("li");
        li.appendChild(el("span", s.label, "suggestion"));
        if (s.isRecommended) li.appendChild(el("span", "recommended", "tag"));
        for (const a of s.actions || []) li.appendChild(el("div", a.type + ": " + (a.description || ""), "action"));
        ul.appendChild(li);
      }
      box.appendChild(el("h4", "Suggestions"));
      box.appendChild(ul);
    }
    if (card.overrideReasons && card.overrideReasons.length) {
      box.appendChild(el("h4", "Override reasons offered"));
      box.appendChild(el("p", card.overrideReasons.map((r) => r.display || r.code).join("; ")));
    }
    return box;
  }

  function pamaRating(resource) {
    for (const e of (resource && resource.extension) || []) {
      if (e.url === "http://fhir.org/argonaut/Extension/pama-rating" && e.valueCodeableConcept) {
        const c = (e.valueCodeableConcept.coding || [])[0] || {};
        return c.code || "";
      }
    }
    return "";
  }

  function renderFacts(container, facts) {
    clear(container);
    for (const a of facts || []) {
      const box = el("div", null, "assessment");
      box.appendChild(el("h4", (a.order || "") + ": " + (a.outcome || "") + (a.variant ? ", variant " + a.variant : "")));
      if (a.reason) box.appendChild(el("p", a.reason));
      const t = el("table");
      const thead = el("thead");
      thead.appendChild(row(["Fact", "Value", "Confidence", "Sources", "Why"]));
      t.appendChild(thead);
      const tbody = el("tbody");
      for (const f of a.facts || []) {
        const sources = (f.evidence || [])
          .map((e) => [e.reference, e.system && e.code ? e.system + "|" + e.code : e.code, e.display].filter(Boolean).join(" "))
          .join("; ");
        tbody.appendChild(row([f.name, f.value, f.confidence, sources, f.reason || ""]));
      }
      t.appendChild(tbody);
      box.appendChild(t);
      container.appendChild(box);
    }
    if (!facts || facts.length === 0) container.appendChild(el("p", "No order was assessed."));
  }

  async function loadCall(id) {
    const c = await (await api("/audit/calls/" + encodeURIComponent(id))).json();
    $("call-title").textContent = "Call " + c.id + " (" + c.service + ")";
    meta($("call-meta"), [
      ["Received (UTC)", c.receivedAt],
      ["Answered (UTC)", c.answeredAt],
      ["Latency", (c.latencyUs / 1000).toFixed(1) + " ms"],
      ["Hook", c.hook],
      ["HTTP status", c.httpStatus],
      ["Patient data from", c.dataSource],
      ["Criteria edition", c.criteriaEdition],
      ["EHR issuer", c.issuer],
      ["Tenant", c.tenant],
      ["Patient pseudonym", c.patientPseudonym],
      ["User pseudonym", c.userPseudonym],
      ["Error", c.error],
    ]);
    const orders = $("call-orders").tBodies[0];
    clear(orders);
    for (const o of c.orders) {
      orders.appendChild(
        row([
          o.orderReference,
          o.orderedCodes.map((k) => [k.system, k.code, k.display].filter(Boolean).join(" ")).join("; "),
          o.procedureId || "not recognised",
          o.variant,
          o.category,
          o.rating || "",
          o.pamaRating,
        ])
      );
    }
    const cards = $("call-cards");
    clear(cards);
    for (const card of c.cards || []) cards.appendChild(renderCard(card));
    if (!c.cards || c.cards.length === 0) cards.appendChild(el("p", "No card was returned."));
    const actions = $("call-actions");
    clear(actions);
    for (const a of c.systemActions || []) {
      const r = a.resource || {};
      const code = ((r.code || {}).coding || []).map((k) => k.code + " " + (k.display || "")).join("; ");
      actions.appendChild(el("p", a.type + " " + (r.resourceType || "") + "/" + (r.id || "") + ": " + code + ", pama-rating " + pamaRating(r), "system-action"));
    }
    if (!c.systemActions || c.systemActions.length === 0) actions.appendChild(el("p", "None."));
    renderFacts($("call-facts"), c.facts);
    const fb = $("call-feedback").tBodies[0];
    clear(fb);
    for (const f of c.feedback || []) {
      fb.appendChild(
        row([
          f.receivedAt,
          f.card,
          f.outcome,
          (f.acceptedSuggestions || []).join(", "),
          f.overrideReason ? f.overrideReason.display || f.overrideReason.code : "",
          f.userComment,
        ])
      );
    }
    $("call-no-feedback").hidden = (c.feedback || []).length > 0;
  }

  // ---- Routing ----

  async function route() {
    if (!token() && !document.body.dataset.certificate) {
      show("sign-in");
      return;
    }
    const hash = location.hash.replace(/^#/, "");
    const m = /^calls\/(\d+)$/.exec(hash);
    try {
      if (m) {
        show("call");
        await loadCall(m[1]);
      } else if (hash === "unrecognised") {
        show("unrecognised");
        await loadUnrecognised();
      } else if (hash === "calls") {
        show("calls");
        await loadCalls(state.pageCursor);
      } else {
        show("summary");
        await loadSummary();
      }
    } catch (e) {
      showError(e);
    }
  }

  function init() {
    for (let v = 1; v <= 9; v++) $("f-variant").appendChild(el("option", "variant-" + v));
    for (let r = 1; r <= 9; r++) $("f-rating").appendChild(el("option", String(r)));
    $("sign-in-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const value = $("token").value.trim();
      sessionStorage.setItem(TOKEN_KEY, value);
      try {
        await api("/audit/summary");
        $("sign-in-error").hidden = true;
        if (!location.hash) location.hash = "#summary";
        await route();
      } catch (e) {
        if (e instanceof SignInNeeded) signOut("The auditor token was not accepted.");
        else signOut("The service could not be reached: " + e.message);
      }
    });
    $("sign-out").addEventListener("click", () => signOut(""));
    $("filter-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      state.pageCursor = "";
      route();
    });
    $("next-page").addEventListener("click", () => state.cursor && loadCalls(state.cursor).catch(showError));
    $("first-page").addEventListener("click", () => loadCalls("").catch(showError));
    $("export-csv").addEventListener("click", () => download("csv").catch(showError));
    $("export-ndjson").addEventListener("click", () => download("ndjson").catch(showError));
    $("export-audit-events").addEventListener("click", () => download("events").catch(showError));
    $("unrecognised-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      loadUnrecognised().catch(showError);
    });
    $("export-unrecognised").addEventListener("click", () => downloadUnrecognised().catch(showError));
    window.addEventListener("hashchange", route);
    // With --audit-client-ca the browser's certificate may already open the API: no token needed.
    if (document.body.dataset.auth !== "certificate") {
      route();
      return;
    }
    fetch("/audit/summary", { cache: "no-store" })
      .then((res) => {
        if (res.ok) document.body.dataset.certificate = "yes";
      })
      .catch(() => {})
      .finally(route);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
