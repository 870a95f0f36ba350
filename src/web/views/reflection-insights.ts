import { html } from "hono/html";
import { ENTRY_PROMPTS } from "../../domain/entries/index.ts";
import { formatLocalDate, type Insights, periodName } from "../../domain/reflection/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { PROMPTS } from "./labels.ts";
import { stackedBarChart } from "./reflection-chart.ts";
import { reflectionPaths } from "./reflection-paths.ts";
import { peopleList } from "./reflection-people.ts";

const SERIES = [
  ...ENTRY_PROMPTS.map((prompt) => ({ key: prompt, label: PROMPTS[prompt].label })),
  { key: "", label: "No prompt" },
];

const shortDay = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const dayOf = (d: { year: number; month: number; day: number }) =>
  new Date(Date.UTC(d.year, d.month - 1, d.day));

function activity(insights: Insights): Html {
  return stackedBarChart({
    id: "activity",
    title: "Entries per week by prompt",
    rowHeading: "Week",
    series: SERIES,
    bars: insights.weeks.map((week) => ({
      label: shortDay.format(dayOf(week.span.firstDay)),
      title: `Week of ${shortDay.format(dayOf(week.span.firstDay))}`,
      values: week.counts,
    })),
  });
}

function topics(insights: Insights): Html {
  return html`<table class="chart-table topics-table">
  <thead><tr><th scope="col">Month</th><th scope="col">Top tags (entries)</th></tr></thead>
  <tbody>${[...insights.months]
    .reverse()
    .map(
      (month) =>
        html`<tr><th scope="row"><a href="${reflectionPaths.digest("month", formatLocalDate(month.span.firstDay))}">${periodName("month", month.span)}</a></th><td>${
          month.tags.length > 0
            ? html`<ul class="chips">${month.tags.map((tag) => html`<li><a href="${paths.tag(tag.tag)}">#${tag.display}</a> <span class="tag-count">${tag.count}</span></li>`)}</ul>`
            : html`<span class="muted">No tags</span>`
        }</td></tr>`,
    )}</tbody>
</table>`;
}

export function insightsPage(insights: Insights): Html {
  return html`<h1>Your insights</h1>
<p class="muted">Private: only you see these figures, and they appear nowhere public. Weeks and months follow your time zone (${insights.timeZone}). <a href="${reflectionPaths.digest()}">See this week's digest</a>.</p>
<section aria-labelledby="insights-activity">
  <h2 id="insights-activity">Activity by prompt, last ${insights.weeks.length} weeks</h2>
  ${activity(insights)}
</section>
<section aria-labelledby="insights-topics">
  <h2 id="insights-topics">Topics over time</h2>
  ${topics(insights)}
</section>
<section aria-labelledby="insights-people">
  <h2 id="insights-people">People you interact with most</h2>
  ${peopleList(insights.people, "No connections yet.", { showCount: true })}
</section>
<section aria-labelledby="insights-questions">
  <h2 id="insights-questions">Questions asked and answered</h2>
  <table class="chart-table">
    <caption class="visually-hidden">Your questions and answers</caption>
    <tbody>
      <tr><th scope="row">Questions you asked</th><td>${insights.questions.asked}</td></tr>
      <tr><th scope="row">…that got an accepted answer</th><td>${insights.questions.answered}</td></tr>
      <tr><th scope="row">Your answers that were accepted</th><td>${insights.questions.answersAccepted}</td></tr>
    </tbody>
  </table>
</section>`;
}
