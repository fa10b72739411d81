// The timeline page: a slider over the steps, the chart of each, what changed that day.
// orgStates, element, reportsOf and stepOn come from states.js, which comes first.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const steps = data.steps;
  const states = orgStates(steps);
  const slider = document.getElementById("slider");
  const dateOut = document.getElementById("date");
  const chartBox = document.getElementById("chart");
  const changesBox = document.getElementById("changes");
  const unassignedBox = document.getElementById("unassigned");
  const datesBox = document.getElementById("dates");
  let state = null;

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

  let currentItem = null;

  function show(index) {
    const step = steps[index];
    const shown = states.at(index);
    state = shown.state;
    const changedRoles = shown.changed;
    slider.value = String(index);
    dateOut.textContent = step.label;
    chartBox.replaceChildren(
      rolesTree(reportsOf(state.roles), null, (role) => card(role, changedRoles)),
    );
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

  const indexOfHash = () => stepOn(steps, location.hash.slice(1));

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
