"use strict";
// Every string from the log is put into the page with textContent, never as markup.
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const steps = data.steps;
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

  function card(role, changedRoles) {
    const holder = role.holder;
    let kind = "card";
    if (!holder) kind += " vacant";
    else if (holder.acting || holder.on_leave) kind += " marked";
    if (changedRoles.has(role.id)) kind += " changed";
    const box = element("div", kind);
    box.dataset.role = role.id;
    box.appendChild(element("div", "title", role.title));
    const line = element("div", "holder", holder ? holder.name : "Vacant");
    if (holder && holder.acting) line.appendChild(element("span", "flag", "ACTING"));
    if (holder && holder.on_leave) line.appendChild(element("span", "flag", "ON LEAVE"));
    box.appendChild(line);
    if (holder) box.appendChild(element("div", "meta", "since " + holder.since_label));
    return box;
  }

  function tree(roles, parent, changedRoles) {
    const list = element("ul", parent === null ? "tree" : "");
    for (const role of roles.filter((r) => r.reports_to === parent)) {
      const item = element("li");
      item.appendChild(card(role, changedRoles));
      const below = tree(roles, role.id, changedRoles);
      if (below.childElementCount) item.appendChild(below);
      list.appendChild(item);
    }
    return list;
  }

  function show(index) {
    const step = steps[index];
    const previous = index > 0 ? steps[index - 1] : null;
    const before = new Map((previous ? previous.roles : []).map((r) => [r.id, r]));
    const changedRoles = new Set(
      step.roles
        .filter((r) => {
          const old = before.get(r.id);
          const who = (x) => (x && x.holder ? x.holder.id + (x.holder.acting ? "*" : "") : "");
          return !old || who(old) !== who(r) || old.title !== r.title;
        })
        .map((r) => r.id)
    );
    slider.value = String(index);
    dateOut.textContent = step.label;
    chartBox.replaceChildren(tree(step.roles, null, changedRoles));
    changesBox.replaceChildren(...step.changes.map((text) => element("li", "", text)));
    const roleless = step.people.filter((p) => p.roles.length === 0);
    unassignedBox.replaceChildren(...roleless.map((p) => element("li", "", p.name)));
    document.getElementById("unassigned-heading").hidden = roleless.length === 0;
    for (const [number, item] of Array.from(datesBox.children).entries()) {
      item.classList.toggle("current", number === index);
    }
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
