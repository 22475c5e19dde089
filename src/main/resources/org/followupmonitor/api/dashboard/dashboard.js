// followup-monitor dashboard: plain JavaScript, no external assets, so it works offline.
// Reads the REST API, listens to /api/stream (server-sent events) and redraws what changed.
'use strict';

(function () {
  // Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
  // One marker for every withheld number, whatever the reason (see the README's Privacy section).
  const SUPPRESSED = 'suppressed';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const state = { selected: null, token: sessionStorage.getItem('fm-token') || tokenFromHash(), source: null };

  function tokenFromHash() {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      const t = decodeURIComponent(m[1]);
      sessionStorage.setItem('fm-token', t);
      history.replaceState(null, '', location.pathname + location.search);
      return t;
    }
    return null;
  }

  async function api(path) {
    const token = state.token;
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const res = await fetch(path, { headers, cache: 'no-store' });
    if (res.status === 401) {
      askForToken(Boolean(token));
      const refused = new Error('unauthorised');
      refused.unauthorised = true;
      throw refused;
    }
    if (!res.ok && res.status !== 503) throw new Error(path + ': HTTP ' + res.status);
    return res.json();
  }

  // rejected: a token was sent and the API refused it (as opposed to none given yet).
  function askForToken(rejected) {
    const box = document.getElementById('token-form');
    const error = document.getElementById('token-error');
    if (rejected) {
      // Several requests may come back refused; the first says so, none of the others takes it back.
      error.hidden = false;
      state.token = null;
      sessionStorage.removeItem('fm-token');
    }
    box.hidden = false;
    box.querySelector('form').onsubmit = (e) => {
      e.preventDefault();
      error.hidden = true;
      state.token = document.getElementById('token').value.trim();
      sessionStorage.setItem('fm-token', state.token);
      box.hidden = true;
      start();
    };
  }

  const fmt = {
    pct: (v) => (v === null || v === undefined ? '—' : (100 * v).toFixed(1) + '%'),
    num: (v, d = 3) => (v === null || v === undefined ? '—' : Number(v).toFixed(d)),
    p: (v) => (v === null || v === undefined ? '—' : v < 0.0001 ? '<0.0001' : v.toFixed(4)),
    // "p = 0.0123" or "p < 0.0001" in running text (never "p = <0.0001").
    pText: (v) => (v === null || v === undefined ? 'p = —' : v < 0.0001 ? 'p < 0.0001' : 'p = ' + v.toFixed(4)),
    int: (v) => (v === null || v === undefined ? '—' : String(v)),
  };

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e[k] = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function svg(tag, attrs = {}, text) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  async function refreshList() {
    const ticket = ++latest.list;
    const body = await api('/api/analyses');
    if (ticket !== latest.list) return;
    const ul = document.getElementById('analyses');
    ul.replaceChildren();
    for (const a of body.analyses) {
      const detail = !a.available ? 'no data yet'
        : a.subjects === null ? `patients ${SUPPRESSED}` + (a.logRankPValue === null ? '' : ` · log-rank ${fmt.pText(a.logRankPValue)}`)
        : `${a.subjects} patients · ${a.events} events · log-rank ${fmt.pText(a.logRankPValue)}`;
      const li = el('li', { 'data-name': a.name, onclick: () => select(a.name) }, a.name, el('small', {}, detail));
      if (a.name === state.selected) li.classList.add('selected');
      ul.append(li);
    }
    if (!state.selected && body.analyses.length) select(body.analyses[0].name);
  }

  async function refreshHealth() {
    const h = await api('/api/health');
    document.getElementById('health').textContent =
      `${h.state} · ${h.eventsProcessed} events processed · ${h.deadLetters} dead letters`;
  }

  async function refreshAlerts() {
    const body = await api('/api/alerts');
    const ol = document.getElementById('alerts');
    ol.replaceChildren();
    if (!body.alerts.length) ol.append(el('li', { class: 'muted' }, 'No alerts.'));
    for (const a of body.alerts) {
      ol.append(el('li', { 'data-rule': a.rule },
        el('span', { class: a.state }, a.state), ' ', a.analysis, a.group ? ` (${a.group})` : '', ': ', a.message,
        el('br'), el('small', { class: 'muted' }, a.at || '')));
    }
  }

  async function select(name) {
    state.selected = name;
    for (const li of document.querySelectorAll('#analyses li')) li.classList.toggle('selected', li.dataset.name === name);
    await renderAnalysis(name);
  }

  // Answers to one kind of request can come back out of order (the browser uses several connections): only the
  // latest request's answer is drawn, so an older result cannot land last and stand until the next update.
  const latest = { list: 0, analysis: 0 };

  async function renderAnalysis(name) {
    const ticket = ++latest.analysis;
    const r = await api('/api/analyses/' + encodeURIComponent(name));
    if (ticket !== latest.analysis) return;
    const main = document.getElementById('analysis');
    if (r.error) { main.replaceChildren(el('p', { class: 'muted' }, r.error)); return; }
    const strata = r.strata && r.strata.length ? ` · stratified by ${r.strata.join(', ')}` : '';
    const counts = r.suppressed ? `${SUPPRESSED} (privacy)`
      : r.subjects === null ? `patients and events ${SUPPRESSED}` : `${r.subjects} patients, ${r.events} events`;
    main.replaceChildren(
      el('h2', { id: 'analysis-title' }, r.name),
      el('p', { class: 'meta', id: 'analysis-meta' },
        `${r.endpoint} from ${r.origin}, ${r.groupBy ? 'by ' + r.groupBy : 'all patients'}${strata} · ` +
        counts + ` · as of ${r.asOf || '—'}` +
        (r.awaitingOrigin === null ? ` · awaiting the time origin ${SUPPRESSED}`
          : r.awaitingOrigin ? ` · ${r.awaitingOrigin} awaiting the time origin` : '')),
      // An analysis withheld as a whole has nothing to draw: say so, rather than an empty 0-1 day axis.
      r.suppressed ? el('p', { class: 'panel suppressed', id: 'km-figure' },
        `${SUPPRESSED}: no number of this analysis is published, so that small groups cannot be worked out ` +
        'from it or from the other analyses.') : kmFigure(r),
      milestoneTable(r),
      logRankPanel(r),
      incidenceFigures(r),
      grayPanel(r),
      monitoringPanel(r),
      coxTable(r),
      followUpPanel(r),
      simonMakuch(r),
      exclusions(r));
  }

  // Days per year, as in the reports' figures (KmPlotSpec) and the milestones: 1826 days are 5 years.
  const YEAR = 365.25;

  // Axis ticks up to at least max days: whole years (day round(y × 365.25 − 0.25): 365, 730, 1096, 1461, 1826)
  // for long follow-up, else a step in days.
  function axisTicks(max) {
    if (max > 3 * YEAR) {
      const ticks = [], labels = [];
      for (let y = 0; y === 0 || ticks[ticks.length - 1] < max; y++) {
        ticks.push(Math.max(0, Math.round(y * YEAR - 0.25)));
        labels.push(`${y}y`);
      }
      return { ticks, labels, unit: 'years' };
    }
    const step = max > 365 ? 182 : max > 120 ? 60 : Math.max(1, Math.ceil(max / 6));
    const ticks = [];
    for (let t = 0; t === 0 || ticks[ticks.length - 1] < max; t += step) ticks.push(t);
    return { ticks, labels: ticks.map(String), unit: 'days' };
  }

  // Kaplan-Meier figure with CI bands, censor marks and a number-at-risk table in the same SVG,
  // so each at-risk column sits exactly under its axis tick. opts draws another step curve the same way: a
  // cumulative incidence starts at 0 and reads p.incidence.
  function kmFigure(r, opts = {}) {
    const start = opts.start === undefined ? 1 : opts.start;
    const value = opts.value || ((p) => p.survival);
    const groups = r.groups;
    const W = 860, left = 112, right = 20, top = 16, plotH = 300, rowH = 20;
    const atRiskTop = top + plotH + 46;
    const H = atRiskTop + 22 + rowH * groups.length + 8;
    const maxT = Math.max(1, ...groups.flatMap((g) => g.curve.map((p) => p.time)));
    const axis = axisTicks(maxT);
    const ticks = axis.ticks;
    const axisMax = ticks[ticks.length - 1];
    const x = (t) => left + (W - left - right) * (t / axisMax);
    const y = (s) => top + plotH * (1 - s);
    const root = svg('svg', { class: 'km', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.label || 'Kaplan-Meier curves' });

    const grid = svg('g', { class: 'grid' });
    for (let s = 0; s <= 1.0001; s += 0.25) grid.append(svg('line', { x1: left, x2: W - right, y1: y(s), y2: y(s) }));
    root.append(grid);

    groups.forEach((g, i) => {
      if (g.suppressed || !g.curve.length) return;
      const color = PALETTE[i % PALETTE.length];
      let d = `M${x(0)},${y(start)}`, upper = [[0, start]], lower = [[0, start]];
      let s = start;
      for (const p of g.curve) {
        if (value(p) === null) continue;
        d += ` H${x(p.time)} V${y(value(p))}`;
        s = value(p);
        if (p.upper !== null && p.lower !== null) { upper.push([p.time, p.upper]); lower.push([p.time, p.lower]); }
      }
      const last = g.curve[g.curve.length - 1].time;
      d += ` H${x(last)}`;
      const stepPath = (pts) => pts.map(([t, v], k) => (k ? `H${x(t)} V${y(v)}` : `M${x(t)},${y(v)}`)).join(' ');
      if (upper.length > 1) {
        const up = stepPath(upper) + ` H${x(last)}`;
        const lowRev = lower.slice().reverse();
        let back = ` L${x(last)},${y(lowRev[0][1])}`;
        for (let k = 0; k < lowRev.length - 1; k++) back += ` H${x(lowRev[k][0])} V${y(lowRev[k + 1][1])}`;
        back += ` H${x(0)} Z`;
        root.append(svg('path', { class: 'km-band', 'data-group': g.group, d: up + back, fill: color, 'fill-opacity': 0.13, stroke: 'none' }));
      }
      root.append(svg('path', { class: 'km-curve', 'data-group': g.group, d, fill: 'none', stroke: color, 'stroke-width': 2 }));
      let sv = start;
      for (const p of g.curve) {
        if (value(p) !== null) sv = value(p);
        if (p.censored > 0) {
          const cx = x(p.time), cy = y(sv);
          root.append(svg('path', { class: 'km-censor', d: `M${cx - 4},${cy} H${cx + 4} M${cx},${cy - 4} V${cy + 4}`, stroke: color, 'stroke-width': 1.3 }));
        }
      }
    });

    const axisG = svg('g', { class: 'axis' });
    axisG.append(svg('line', { x1: left, x2: W - right, y1: y(0), y2: y(0) }));
    axisG.append(svg('line', { x1: left, x2: left, y1: y(0), y2: y(1) }));
    ticks.forEach((t, k) => {
      axisG.append(svg('line', { x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 5 }));
      axisG.append(svg('text', { x: x(t), y: y(0) + 18, 'text-anchor': 'middle', class: 'tick', 'data-day': t }, axis.labels[k]));
    });
    for (let s = 0; s <= 1.0001; s += 0.25) {
      axisG.append(svg('text', { x: left - 8, y: y(s) + 4, 'text-anchor': 'end' }, `${Math.round(s * 100)}%`));
    }
    axisG.append(svg('text', { x: (left + W - right) / 2, y: y(0) + 34, 'text-anchor': 'middle' }, axis.unit));
    axisG.append(svg('text', { x: left - 50, y: top + plotH / 2, transform: `rotate(-90 ${left - 50} ${top + plotH / 2})`, 'text-anchor': 'middle' }, opts.yLabel || 'survival'));
    root.append(axisG);

    // Legend at the bottom left of the plot, where survival curves rarely are (top left for a rising incidence).
    groups.forEach((g, i) => {
      const ly = start === 0 ? top + 14 + i * 16 : y(0) - 10 - (groups.length - 1 - i) * 16;
      root.append(svg('rect', { x: left + 12, y: ly - 5, width: 14, height: 3, fill: PALETTE[i % PALETTE.length] }));
      root.append(svg('text', { x: left + 32, y: ly, class: g.suppressed ? 'legend suppressed' : 'legend' },
        g.suppressed ? `${g.group}: ${SUPPRESSED}` : `${g.group} (n=${g.n}, ${g.events} events)`));
    });

    // Number-at-risk table.
    root.append(svg('text', { x: 4, y: atRiskTop, 'font-weight': 600 }, 'Number at risk'));
    groups.forEach((g, i) => {
      const ry = atRiskTop + 20 + i * rowH;
      const row = svg('g', { class: 'at-risk-row', 'data-group': g.group });
      row.append(svg('text', { x: 4, y: ry, fill: PALETTE[i % PALETTE.length] }, g.group.length > 14 ? g.group.slice(0, 13) + '…' : g.group));
      if (g.suppressed) {
        row.append(svg('text', { x: x(0), y: ry, class: 'suppressed' }, SUPPRESSED));
      } else {
        for (const t of ticks) {
          const p = g.curve.find((q) => q.time >= t);
          row.append(svg('text', { x: x(t), y: ry, 'text-anchor': 'middle', class: 'at-risk-cell' }, p ? p.atRisk : 0));
        }
      }
      root.append(row);
    });
    const wrap = el('figure', { id: 'km-figure' });
    wrap.append(root);
    return wrap;
  }

  function milestoneTable(r) {
    const times = [...new Set(r.groups.flatMap((g) => g.milestones.map((m) => m.time)))].sort((a, b) => a - b);
    if (!times.length) return el('div');
    const t = el('table', { id: 'milestones' }, el('caption', {}, `Survival at milestones (${ciLabel(r)})`));
    const head = el('tr', {}, el('th', {}, 'group'), ...times.map((d) => el('th', {}, `${d} days`)), el('th', {}, 'median'));
    t.append(head);
    for (const g of r.groups) {
      const row = el('tr', {}, el('td', {}, g.group));
      if (g.suppressed) {
        row.append(el('td', { class: 'suppressed', colspan: times.length + 1 }, SUPPRESSED));
      } else {
        for (const d of times) {
          const m = g.milestones.find((q) => q.time === d);
          row.append(el('td', {}, m && m.survival !== null ? `${fmt.pct(m.survival)} (${fmt.pct(m.lower)}–${fmt.pct(m.upper)})` : '—'));
        }
        row.append(el('td', {}, g.median && g.median.estimate !== null ? `${g.median.estimate}` : 'not reached'));
      }
      t.append(row);
    }
    if (r.milestoneComparisons && r.milestoneComparisons.length) {
      const row = el('tr', {}, el('td', {}, 'log-rank p (to milestone)'));
      for (const d of times) {
        const c = r.milestoneComparisons.find((q) => q.time === d);
        row.append(el('td', {}, c && c.logRank ? fmt.p(c.logRank.pValue) : '—'));
      }
      row.append(el('td'));
      t.append(row);
    }
    return t;
  }

  // The interval every limit was computed with: "95% CI", or e.g. "90% CI, log-log".
  function ciLabel(r) {
    const c = r.confidence || { type: 'log', level: 0.95 };
    return `${+(100 * c.level).toFixed(1)}% CI${c.type === 'log' ? '' : ', ' + c.type}`;
  }

  function logRankPanel(r) {
    if (!r.logRank) return el('div');
    const lr = r.logRank;
    const rho = lr.rho ? ` (Fleming-Harrington rho = ${lr.rho})` : '';
    return el('div', { class: 'panel', id: 'logrank' },
      `${lr.stratified ? 'Stratified log-rank' : 'Log-rank'}${rho}: χ² = ${fmt.num(lr.chiSquare, 2)} on ${lr.df} df, ${fmt.pText(lr.pValue)}`);
  }

  // What a part computed from individual subjects reflects, and whether the cohort has changed since.
  function basisText(b) {
    if (!b) return 'not computed yet';
    return `as of ${b.asOf || '—'} (${b.subjects} patients, ${b.events} events)` + (b.stale ? ' · stale: the cohort has changed since' : '');
  }

  // Sequential monitoring: each formal look (a data cut) with its z against its boundary; the current z is for
  // information only between looks. The information fraction is capped at 100% (the final look spends all alpha).
  function monitoringPanel(r) {
    const m = r.monitoring;
    if (!m) return el('div');
    const panel = el('div', { class: 'panel' + (m.crossed ? ' crossed' : ''), id: 'monitoring' },
      el('div', { id: 'monitoring-status' },
        `Sequential monitoring (${m.spending}, two-sided α ${fmt.num(m.alpha, 3)}): ${m.observedEvents} events of ` +
        `${m.plannedEvents} planned (information ${fmt.pct(m.informationFraction)}); current z = ${fmt.num(m.z, 2)} ` +
        '(for information between looks)' + (m.crossed ? ' — a formal look crossed its boundary' : '')),
      el('small', { class: 'muted' }, `Formal looks ${basisText(m.basis)}`));
    if (!m.looks.length) {
      panel.append(el('p', { class: 'muted', id: 'looks-none' }, 'No formal look yet.'));
      return panel;
    }
    panel.append(lookFigure(m.looks));
    const t = el('table', { id: 'looks' }, el('caption', {}, 'Formal looks (data cuts): z against the boundary'));
    t.append(el('tr', {}, ...['look', 'data cut', 'events', 'information', 'z', 'boundary', 'α spent', ''].map((h) => el('th', {}, h))));
    for (const l of m.looks) {
      t.append(el('tr', { class: l.crossed ? 'crossed' : '' }, el('td', {}, String(l.look)), el('td', {}, l.cutDate),
        el('td', {}, String(l.events)), el('td', {}, fmt.pct(l.informationFraction)), el('td', {}, fmt.num(l.z, 2)),
        el('td', {}, l.boundary === null ? '—' : '±' + fmt.num(l.boundary, 3)), el('td', {}, Number(l.alphaSpent).toPrecision(3)),
        el('td', {}, (l.crossed ? 'crossed' : '') + (l.final ? (l.crossed ? ', final' : 'final') : ''))));
    }
    panel.append(t);
    return panel;
  }

  // z per look against ±boundary, on the information-fraction axis (0-100%).
  function lookFigure(looks) {
    const W = 560, H = 200, left = 44, right = 12, top = 10, bottom = 30;
    const finite = looks.flatMap((l) => [l.boundary, l.z]).filter((v) => v !== null).map(Math.abs);
    const zMax = Math.min(8, Math.max(3, ...finite));
    const x = (f) => left + (W - left - right) * f;
    const y = (z) => top + (H - top - bottom) * (1 - (z + zMax) / (2 * zMax));
    const root = svg('svg', { class: 'looks', id: 'looks-figure', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'z against the boundary at each formal look' });
    root.append(svg('line', { x1: left, x2: W - right, y1: y(0), y2: y(0), stroke: '#bbb' }));
    root.append(svg('line', { x1: left, x2: left, y1: top, y2: H - bottom, stroke: '#444' }));
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      root.append(svg('text', { x: x(f), y: H - bottom + 16, 'text-anchor': 'middle' }, `${Math.round(f * 100)}%`));
    }
    for (const z of [-zMax, 0, zMax]) root.append(svg('text', { x: left - 6, y: y(z) + 4, 'text-anchor': 'end' }, z.toFixed(0)));
    const bounded = looks.filter((l) => l.boundary !== null);
    for (const sign of [1, -1]) {
      if (bounded.length) {
        const d = bounded.map((l, k) => `${k ? 'L' : 'M'}${x(l.informationFraction)},${y(sign * Math.min(zMax, l.boundary))}`).join(' ');
        root.append(svg('path', { class: 'boundary', d, fill: 'none', stroke: '#c0392b', 'stroke-dasharray': '4 3' }));
      }
    }
    for (const l of looks) {
      if (l.z === null) continue;
      root.append(svg('circle', { class: 'look-z' + (l.crossed ? ' crossed' : ''), cx: x(l.informationFraction),
        cy: y(Math.max(-zMax, Math.min(zMax, l.z))), r: 4, fill: l.crossed ? '#c0392b' : '#0072B2' }));
    }
    return root;
  }

  function followUpPanel(r) {
    const f = r.followUp;
    if (!f) return el('div');
    const parts = [`Follow-up completeness (Clark's C) ${fmt.num(f.completeness)}, ${f.alive === null ? SUPPRESSED : f.alive} alive`];
    for (const o of f.overdue) parts.push(`${o.patients === null ? SUPPRESSED : o.patients} without contact for more than ${o.days} days`);
    for (const m of f.milestones) {
      parts.push(`to day ${m.time}: ` + m.groups.map((g) => `${g.group} ${fmt.num(g.completeness)}`).join(', '));
    }
    return el('p', { class: 'muted', id: 'follow-up' }, parts.join(' · ') + ` · ${basisText(f.basis)}`);
  }

  function coxTable(r) {
    const c = r.cox;
    if (!c) return el('div');
    const lr = c.likelihoodRatio;
    const status = !lr ? '; not fitted' : c.converged ? '' : '; NOT converged';
    const varying = (c.timeVarying || []).join(', ');
    const design = (varying ? `; ${varying} time-varying` : '') +
      (c.strata && c.strata.length ? `; stratified by ${c.strata.join(', ')}` : '') +
      (c.cluster ? `; robust variance by ${c.cluster}` : '');
    const ph = c.proportionalHazards;
    const fixed = c.fixed;
    const t = el('table', { id: 'cox' }, el('caption', {}, `Cox model (${c.ties}; n = ${c.n}, ${c.events} events${design}${status})`,
      el('br'), el('small', { class: c.basis && c.basis.stale ? 'stale' : 'muted', id: 'cox-basis' }, `fitted ${!c.basis && r.subjects === null ? `on a cohort whose counts are ${SUPPRESSED}` : basisText(c.basis)}`)));
    const ci = ciLabel({ confidence: { type: 'log', level: (r.confidence || { level: 0.95 }).level } });
    const heads = ['term', 'HR', ci, 'p'];
    if (fixed) heads.push(`HR, ${varying} fixed`, 'p');
    if (ph) heads.push('PH p');
    t.append(el('tr', {}, ...heads.map((h) => el('th', {}, h))));
    const hrCells = (term) => {
      if (!term) return [el('td', { colspan: 3, class: 'muted' }, '—')];
      if (term.aliased) return [el('td', { colspan: 3, class: 'muted' }, 'NA (aliased)')];
      // Withheld like every other small cell, with the same marker (not bare dashes).
      if (term.suppressed) return [el('td', { colspan: 3, class: 'suppressed' }, SUPPRESSED)];
      return [el('td', {}, fmt.num(term.hazardRatio)), el('td', {}, `${fmt.num(term.lower)}–${fmt.num(term.upper)}`),
        el('td', { class: term.pValue !== null && term.pValue <= 0.05 ? 'sig' : '' }, fmt.p(term.pValue))];
    };
    let lastCovariate = null;
    for (const term of c.terms) {
      const label = (term.reference ? `${term.covariate} ${term.level} (vs ${term.reference})` : term.term) +
        ((c.timeVarying || []).includes(term.covariate) ? ' · time-varying' : '');
      const row = el('tr', { class: term.aliased ? 'aliased' : term.suppressed ? 'suppressed-term' : '' }, el('td', {}, label), ...hrCells(term));
      if (fixed) {
        // The same term with the time-varying covariates fixed: HR (CI) and p.
        const held = fixed.terms.find((q) => q.term === term.term);
        if (!held || held.aliased || held.suppressed) {
          row.append(el('td', { colspan: 2, class: 'muted' }, !held ? '—' : held.aliased ? 'NA (aliased)' : SUPPRESSED));
        } else {
          row.append(el('td', {}, `${fmt.num(held.hazardRatio)} (${fmt.num(held.lower)}–${fmt.num(held.upper)})`),
            el('td', { class: held.pValue !== null && held.pValue <= 0.05 ? 'sig' : '' }, fmt.p(held.pValue)));
        }
      }
      if (ph) {
        // One test per covariate (a factor's levels together), shown on its first term.
        const test = ph.terms.find((q) => q.term === term.covariate);
        const first = term.covariate !== lastCovariate;
        row.append(el('td', { class: first && test && test.pValue !== null && test.pValue < 0.05 ? 'ph-low' : '' },
          first && test ? fmt.p(test.pValue) : ''));
      }
      lastCovariate = term.covariate;
      t.append(row);
    }
    const width = heads.length;
    t.append(el('tr', {}, el('td', { colspan: width, class: 'muted' },
      (lr ? `likelihood ratio ${fmt.num(lr.statistic, 2)} on ${lr.df} df, ${fmt.pText(lr.pValue)}; concordance ${fmt.num(c.concordance)}` : 'model not fitted') +
      (c.robustScore ? `; robust score ${fmt.num(c.robustScore.statistic, 2)}, ${fmt.pText(c.robustScore.pValue)}` : '') +
      (c.warnings.length ? ' · ' + c.warnings.join('; ') : ''))));
    if (ph) {
      t.append(el('tr', { id: 'ph-global' }, el('td', { colspan: width, class: ph.global.pValue !== null && ph.global.pValue < 0.05 ? 'ph-low' : 'muted' },
        `proportional hazards (cox.zph, ${ph.transform}): global χ² = ${fmt.num(ph.global.chiSquare, 2)} on ${ph.global.df} df, ${fmt.pText(ph.global.pValue)}` +
        (fixed && fixed.proportionalHazards ? `; with ${varying} fixed, ${fmt.pText(fixed.proportionalHazards.global.pValue)}` : ''))));
    }
    return t;
  }

  // Competing risks: the cumulative incidence of each cause (Aalen-Johansen) by group, with the number still event-free
  // and at risk under the ticks, and its value at the milestones.
  function incidenceFigures(r) {
    const causes = [...new Set(r.groups.flatMap((g) => (g.cumulativeIncidence || []).map((c) => c.cause)))];
    if (!causes.length) return el('div');
    const wrap = el('div', { id: 'cumulative-incidence' });
    for (const cause of causes) {
      const label = cause === 'death' ? 'death without recurrence' : cause;
      const groups = r.groups.map((g) => {
        const ci = (g.cumulativeIncidence || []).find((c) => c.cause === cause);
        return ci ? { group: g.group, suppressed: false, curve: ci.curve, n: g.n, events: ci.events, milestones: ci.milestones }
          : { group: g.group, suppressed: true, curve: [] };
      });
      const fig = kmFigure({ groups }, { start: 0, value: (p) => p.incidence, yLabel: 'incidence', label: `cumulative incidence of ${label}` });
      fig.id = `incidence-${cause}`;
      fig.prepend(el('figcaption', {}, `Cumulative incidence of ${label} (Aalen-Johansen; ${ciLabel(r)})`));
      const times = [...new Set(groups.flatMap((g) => (g.milestones || []).map((m) => m.time)))].sort((a, b) => a - b);
      const t = el('table', { class: 'incidence-milestones', 'data-cause': cause },
        el('tr', {}, el('th', {}, 'group'), ...times.map((d) => el('th', {}, `${d} days`))));
      for (const g of groups) {
        const row = el('tr', {}, el('td', {}, g.group));
        if (g.suppressed) {
          row.append(el('td', { class: 'suppressed', colspan: times.length }, SUPPRESSED));
        } else {
          for (const d of times) {
            const m = g.milestones.find((q) => q.time === d);
            row.append(el('td', {}, m && m.incidence !== null ? `${fmt.pct(m.incidence)} (${fmt.pct(m.lower)}–${fmt.pct(m.upper)})` : '—'));
          }
        }
        t.append(row);
      }
      fig.append(t);
      wrap.append(fig);
    }
    return wrap;
  }

  // Gray's test of equal cumulative incidence across the groups, one row per cause.
  function grayPanel(r) {
    if (!r.grayTest || !r.grayTest.length) return el('div');
    return el('div', { class: 'panel', id: 'gray-test' },
      ...r.grayTest.map((t) => el('div', { class: 'gray-row', 'data-cause': t.cause },
        `Gray's test, ${t.cause === 'death' ? 'death without recurrence' : t.cause}: χ² = ${fmt.num(t.chiSquare, 2)} on ${t.df} df, ${fmt.pText(t.pValue)}`)));
  }

  // Survival by current exposure (Simon-Makuch): the same figure, drawn from the (start, stop] curves.
  function simonMakuch(r) {
    const curves = r.cox && r.cox.simonMakuch ? r.cox.simonMakuch : [];
    if (!curves.length) return el('div');
    const wrap = el('div', { id: 'simon-makuch' });
    for (const sm of curves) {
      const fig = kmFigure({ groups: sm.groups.map((g) => ({ group: g.group, suppressed: g.suppressed, curve: g.curve, n: g.subjects, events: g.events })) });
      fig.id = `simon-makuch-${sm.covariate}`;
      fig.prepend(el('figcaption', {}, `Survival by current ${sm.covariate} (Simon-Makuch; patients move to the other curve when ${sm.covariate} changes)`));
      wrap.append(fig);
    }
    return wrap;
  }

  function exclusions(r) {
    const entries = Object.entries(r.excluded || {});
    if (!entries.length) return el('div');
    return el('p', { class: 'muted', id: 'excluded' },
      'Excluded by data quality: ' + entries.map(([k, v]) => `${k} ${v === null ? SUPPRESSED : v}`).join(', '));
  }

  // Everything the page shows, read again.
  function refreshAll() {
    refreshList().catch(() => {});
    refreshHealth().catch(() => {});
    refreshAlerts().catch(() => {});
    if (state.selected) renderAnalysis(state.selected).catch(() => {});
  }

  // The event stream tells what changed from the moment the server has it registered, and the server registers it
  // before it sends the stream's headers (ApiServer.openStream): an update the stream does not bring was published
  // before the stream opened, so reading everything once it has opened sees it. Reading before listening, as the
  // page once did, lost an update published in between until the next one, and with input stopped for good. The
  // same holds after every reconnect: what changed while the stream was down is read again.
  //
  // The browser retries a stream by itself only after a network error. An answer other than 200 with
  // text/event-stream (401 for a refused or expired token, 502/503/504 from a proxy while the monitor restarts)
  // fails the connection for good (readyState CLOSED, HTML Living Standard, "server-sent events", "fail the
  // connection"): the page then no longer listens, and, left alone, would never update again. So the page opens a
  // new stream itself, after 1 s, then twice as long each time up to 30 s, and from 1 s again once one has opened;
  // the indicator says "live" only while a stream is open.
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 30000;
  const retry = { delay: RETRY_FIRST_MS, timer: null, ticker: null };

  function showLive(text, on) {
    const live = document.getElementById('live');
    live.textContent = text;
    live.className = on ? 'live on' : 'live off';
  }

  function cancelRetry() {
    clearTimeout(retry.timer);
    clearInterval(retry.ticker);
    retry.timer = null;
    retry.ticker = null;
  }

  function connect() {
    cancelRetry();
    if (state.source) state.source.close();
    const url = '/api/stream' + (state.token ? '?access_token=' + encodeURIComponent(state.token) : '');
    const source = new EventSource(url);
    state.source = source;
    showLive('not live — connecting…', false);
    source.onopen = () => {
      retry.delay = RETRY_FIRST_MS;
      showLive('live', true);
      refreshAll();
    };
    source.onerror = () => {
      // A stream replaced since (a new token, a retry) no longer speaks for the page.
      if (source !== state.source) return;
      if (source.readyState === EventSource.CLOSED) {
        closedForGood(source);
      } else {
        // A network error: the browser itself opens the stream again (after the server's retry: interval).
        showLive('not live — reconnecting…', false);
      }
    };
    source.addEventListener('analysis', (e) => {
      const name = JSON.parse(e.data).name;
      refreshList().catch(() => {});
      refreshHealth().catch(() => {});
      if (name === state.selected) renderAnalysis(name).catch(() => {});
    });
    source.addEventListener('alerts', () => refreshAlerts().catch(() => {}));
  }

  // EventSource does not tell the status it was refused with, so the page asks the API with the same token, as any
  // read does: a 401 there shows the token form (askForToken), whose submit connects again; retrying a refused
  // token meanwhile would only be refused again. Anything else (a proxy's 503, a wrong content type, a network
  // error) is retried after the current delay.
  async function closedForGood(source) {
    showLive('not live', false);
    let refused = false;
    try {
      await refreshHealth();
    } catch (e) {
      refused = e.unauthorised === true;
    }
    if (source !== state.source) return;
    if (refused) {
      showLive('not live — needs a token', false);
      return;
    }
    const delay = retry.delay;
    retry.delay = Math.min(RETRY_MAX_MS, 2 * delay);
    const due = Date.now() + delay;
    const countDown = () =>
      showLive(`not live — retrying in ${Math.max(1, Math.ceil((due - Date.now()) / 1000))} s`, false);
    countDown();
    retry.ticker = setInterval(countDown, 1000);
    retry.timer = setTimeout(connect, delay);
  }

  // Read at once as well, so the page fills (or asks for a token) without waiting for the stream; one failed read
  // no longer keeps the page from listening.
  function start() {
    refreshAll();
    connect();
  }

  start();
})();
