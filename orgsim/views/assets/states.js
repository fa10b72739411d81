"use strict";
// What the timeline page and the explorer share: the organisation at any step, rebuilt from
// the steps' differences (see orgsim/views/steps.py), and a few helpers. Every string from the
// log is put into a page with textContent, never as markup.
//
// The organisation at a step is rebuilt by applying the steps before it, in order, to a state:
// roles, holders, people and who is on leave. Moving forward applies the steps in between; a
// copy of the state is kept every SPACING steps, so moving back (or jumping anywhere) starts
// from the nearest copy and applies fewer than SPACING steps.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// The step on a date given as "YYYY-MM-DD" (or a prefix of one): the last step on or before
// it; the last step when no date is given, the first when the date is before every step.
function stepOn(steps, wanted) {
  if (!wanted) return steps.length - 1;
  const found = steps.findIndex((s) => s.date >= wanted);
  if (found === -1) return steps.length - 1;
  return Math.max(0, steps[found].date === wanted ? found : found - 1);
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

// The roles under `parent` (null: the tops) as nested lists, in chart order, each role's
// item holding what `card(role)` makes (each page draws its own cards).
function rolesTree(reports, parent, card) {
  const list = element("ul", parent === null ? "tree" : "");
  for (const role of reports.get(parent) || []) {
    const item = element("li");
    item.appendChild(card(role));
    const below = rolesTree(reports, role.id, card);
    if (below.childElementCount) item.appendChild(below);
    list.appendChild(item);
  }
  return list;
}

// orgStates(steps).at(index) is {state, changed}: the organisation after step `index`, and the
// roles whose card that step changed (new, retitled, or another holder), to mark them.
function orgStates(steps) {
  const SPACING = Math.max(16, Math.ceil(Math.sqrt(steps.length)));

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

  return {
    at(index) {
      state = stateBefore(index);
      const changed = applyNext(state);
      return { state, changed };
    },
  };
}
