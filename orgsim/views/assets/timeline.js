"use strict";
// Every string from the log is put into the page with textContent, never as markup.
//
// Each step of the data holds only what changed on its date (see orgsim/views/steps.py). The
// organisation at a step is rebuilt by applying the steps before it, in order, to a state:
// roles, holders, people and who is on leave. Moving forward applies the steps in between; a
// copy of the state is kept every SPACING steps, so moving back (or jumping anywhere) starts
// from the nearest copy and applies fewer than SPACING steps.
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const steps = data.steps;
  const SPACING = Math.max(16, Math.ceil(Math.sqrt(steps.length)));
  const slider = document.getElementById("slider");
  const dateOut = document.getElementById("date");
  const chartBox = document.getElementById("chart");
  const changesBox = document.getElementById("changes");
  const unassignedBox = document.getElementById("unassigned");
  const datesBox = document.getElementById("dates");

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The organisation after step `index` (-1: before the first). Values are never changed in
  // place, only replaced, so a copy needs only new maps.
  function emptyState() {
    return { index: -1, roles: new Map(), holders: new Map(), people: new Map(), away: new Set() };
  }

  function copyState(state) {
    return {
      index: state.index,
      roles: new Map(state.roles),
      holders: new Map(state.holders),
      people: new Map(state.people),
      away: new Set(state.away),
    };
  }

  const kept = new Map(); // step index (a multiple of SPACING) -> copy of the state after it
  let state = emptyState();

  const who = (holder) => (holder ? holder.person + (holder.acting ? "*" : "") : "");

  // Apply the next step to `into`; return the roles whose card changed (new, retitled, or
  // another holder), to mark them on the chart.
  function applyNext(into) {
    const index = into.index + 1;
    const step = steps[index];
    const changed = new Set();
    for (const id of step.gone) into.roles.delete(id);
    for (const role of step.roles) {
      const old = into.roles.get(role.id);
      if (!old || old.title !== role.title) changed.add(role.id);
      into.roles.set(role.id, role);
    }
    for (const id of step.vacated) {
      changed.add(id);
      into.holders.delete(id);
    }
    for (const holder of step.holders) {
      if (who(into.holders.get(holder.role)) !== who(holder)) changed.add(holder.role);
      into.holders.set(holder.role, holder);
    }
    for (const id of step.left) into.people.delete(id);
    for (const person of step.joined) into.people.set(person.id, person);
    for (const id of step.back) into.away.delete(id);
    for (const id of step.leave) into.away.add(id);
    into.index = index;
    if (index % SPACING === 0 && !kept.has(index)) kept.set(index, copyState(into));
    return changed;
  }

  // A state standing just before step `index`: the current one when it is at or before that
  // step and no kept copy is nearer, else a copy of the nearest kept state, else empty.
  function stateBefore(index) {
    const target = index - 1;
    let start = state.index <= target ? state : null;
    for (let at = Math.floor(target / SPACING) * SPACING; at >= 0; at -= SPACING) {
      if (start && at <= start.index) break;
      if (kept.has(at)) {
        start = copyState(kept.get(at));
        break;
      }
    }
    start = start || emptyState();
    while (start.index < target) applyNext(start);
    return start;
  }

  function card(role, changedRoles) {
    const holding = state.holders.get(role.id);
    let kind = "card";
    const away = holding !== undefined && state.away.has(holding.person);
    if (!holding) kind += " vacant";
    else if (holding.acting || away) kind += " marked";
    if (changedRoles.has(role.id)) kind += " changed";
    const box = element("div", kind);
    box.dataset.role = role.id;
    box.appendChild(element("div", "title", role.title));
    const person = holding ? state.people.get(holding.person) : undefined;
    const name = holding ? (person ? person.name : holding.person) : "Vacant";
    const line = element("div", "holder", name);
    if (holding && holding.acting) line.appendChild(element("span", "flag", "ACTING"));
    if (away) line.appendChild(element("span", "flag", "ON LEAVE"));
    box.appendChild(line);
    if (holding) box.appendChild(element("div", "meta", "since " + holding.since_label));
    return box;
  }

  function tree(reports, parent, changedRoles) {
    const list = element("ul", parent === null ? "tree" : "");
    for (const role of reports.get(parent) || []) {
      const item = element("li");
      item.appendChild(card(role, changedRoles));
      const below = tree(reports, role.id, changedRoles);
      if (below.childElementCount) item.appendChild(below);
      list.appendChild(item);
    }
    return list;
  }

  // Roles by the role they report to (null for the tops), each list in chart order.
  function reportsOf(roles) {
    const reports = new Map();
    const ordered = Array.from(roles.values()).sort((a, b) => a.order - b.order);
    for (const role of ordered) {
      if (!reports.has(role.reports_to)) reports.set(role.reports_to, []);
      reports.get(role.reports_to).push(role);
    }
    return reports;
  }

  let currentItem = null;

  function show(index) {
    const step = steps[index];
    state = stateBefore(index);
    const changedRoles = applyNext(state);
    slider.value = String(index);
    dateOut.textContent = step.label;
    chartBox.replaceChildren(tree(reportsOf(state.roles), null, changedRoles));
    changesBox.replaceChildren(...step.changes.map((text) => element("li", "", text)));
    const holding = new Set(Array.from(state.holders.values(), (holder) => holder.person));
    const roleless = Array.from(state.people.values())
      .filter((person) => !holding.has(person.id))
      .sort((a, b) => a.order - b.order);
    unassignedBox.replaceChildren(...roleless.map((p) => element("li", "", p.name)));
    document.getElementById("unassigned-heading").hidden = roleless.length === 0;
    if (currentItem) currentItem.classList.remove("current");
    currentItem = datesBox.children[index];
    currentItem.classList.add("current");
    if (location.hash.slice(1) !== step.date) history.replaceState(null, "", "#" + step.date);
  }

  function indexOfHash() {
    const wanted = location.hash.slice(1);
    const found = steps.findIndex((s) => s.date >= wanted);
    if (!wanted) return steps.length - 1;
    return found === -1 ? steps.length - 1 : Math.max(0, steps[found].date === wanted ? found : found - 1);
  }

  slider.max = String(Math.max(0, steps.length - 1));
  steps.forEach((step, number) => {
    const count = step.changes.length;
    const item = element("li", "", step.label + ": " + count + (count === 1 ? " change" : " changes"));
    item.addEventListener("click", () => show(number));
    datesBox.appendChild(item);
  });
  slider.addEventListener("input", () => show(Number(slider.value)));
  document.getElementById("previous").addEventListener("click", () =>
    show(Math.max(0, Number(slider.value) - 1)));
  document.getElementById("next").addEventListener("click", () =>
    show(Math.min(steps.length - 1, Number(slider.value) + 1)));
  window.addEventListener("hashchange", () => show(indexOfHash()));
  if (steps.length) show(indexOfHash());
  else chartBox.textContent = "This log has no events.";
})();
