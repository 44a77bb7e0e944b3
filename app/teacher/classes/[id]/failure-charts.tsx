"use client";
/**
 * A horizontal bar chart of one table of the class's failure analytics (Chart.js on a canvas),
 * drawn in the page's theme: its colours are the site's CSS variables, read again when the theme
 * or the text size changes. Each bar has its constraint's title above it and its figure at the
 * right, so the chart reads on a phone as well as on a wide screen. The table next to it holds
 * the same figures as text: the chart only tells a screen reader where they are.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartData, type ChartOptions, type ChartType, type Plugin } from "chart.js";
import { Bar } from "react-chartjs-2";
import { usePreferences } from "@/app/_components/settings/preferences-provider";
import styles from "../../_ui/account.module.css";

Chart.register(BarElement, CategoryScale, LinearScale, Tooltip);

export interface ChartBar {
  /** The constraint's title (shortened on the chart when it does not fit, whole in the tooltip). */
  label: string;
  /** null: nothing to show for it (no student reached the constraint). */
  value: number | null;
}

interface Palette {
  bar: string;
  track: string;
  text: string;
  muted: string;
  grid: string;
  font: string;
  /** Pixels: the text around the chart, a little smaller. */
  size: number;
}

interface BarListOptions {
  palette: Palette | null;
  unit: string;
}

declare module "chart.js" {
  // The options of the plugin below, under options.plugins.barList (TType: as Chart.js declares it).
  interface PluginOptionsByType<TType extends ChartType> {
    barList: BarListOptions;
  }
}

/** A category's height and its bar's thickness, in rem (they follow the text-size setting). */
const ROW_REM = 2.8;
const BAR_REM = 0.8;

/**
 * Draws each bar's track (the whole scale, as the old CSS bars did), its title above it and its
 * figure at the right end of the title's line, shortened with "…" so that the two never overlap.
 */
const barList: Plugin<"bar", BarListOptions> = {
  id: "barList",
  beforeDatasetsDraw(chart, _args, { palette }) {
    const meta = chart.getDatasetMeta(0);
    if (!palette) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.fillStyle = palette.track;
    for (const element of meta.data) {
      const { y, height } = element.getProps(["y", "height"], true) as { y: number; height: number };
      ctx.fillRect(chartArea.left, y - height / 2, chartArea.width, height);
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, { palette, unit }) {
    const meta = chart.getDatasetMeta(0);
    if (!palette) return;
    const { ctx, chartArea } = chart;
    const labels = (chart.data.labels ?? []) as string[];
    const values = chart.data.datasets[0]?.data ?? [];
    ctx.save();
    ctx.font = `${palette.size}px ${palette.font}`;
    ctx.textBaseline = "bottom";
    meta.data.forEach((element, index) => {
      const { y, height } = element.getProps(["y", "height"], true) as { y: number; height: number };
      const top = y - height / 2 - 3;
      const value = values[index];
      const figure = typeof value === "number" ? `${value}${unit}` : "–";
      ctx.fillStyle = palette.text;
      ctx.textAlign = "right";
      ctx.fillText(figure, chartArea.right, top);
      const room = chartArea.width - ctx.measureText(figure).width - palette.size;
      ctx.textAlign = "left";
      ctx.fillText(fitText(ctx, labels[index] ?? "", room), chartArea.left, top);
    });
    ctx.restore();
  },
};

/** The text, shortened with "…" to at most `width` pixels in the context's font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (ctx.measureText(`${text.slice(0, middle).trimEnd()}…`).width <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

/** The colours of the site's CSS variables as the browser resolves them now (light or dark). */
function readPalette(host: HTMLElement, fill: string): Palette {
  const probe = document.createElement("span");
  host.appendChild(probe);
  const colour = (variable: string) => {
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  };
  const style = getComputedStyle(host);
  const palette = {
    bar: colour(fill),
    track: colour("--track"),
    text: colour("--text"),
    muted: colour("--text-muted"),
    grid: colour("--border"),
    font: style.fontFamily,
    size: Math.round(parseFloat(style.fontSize) * 0.85),
  };
  probe.remove();
  return palette;
}

/**
 * `label`: what a screen reader says of the chart (it points at the table). `unit` follows each
 * figure ("%" for shares, which then run from 0 to 100); `max`: the scale's end for counts.
 * `tone`: the accent colour, or the danger one for where students are stuck.
 */
export function FailureBarChart({
  label,
  series,
  bars,
  unit = "",
  max,
  tone = "accent",
}: {
  label: string;
  /** The figure's name (the table's column header), shown in the tooltip. */
  series: string;
  bars: ChartBar[];
  unit?: string;
  max?: number;
  tone?: "accent" | "danger";
}) {
  const { theme, preferences } = usePreferences();
  const host = useRef<HTMLDivElement>(null);
  const [palette, setPalette] = useState<Palette | null>(null);
  // The browser has applied the theme and text size by the time this runs: read the colours again.
  useEffect(() => {
    if (host.current) setPalette(readPalette(host.current, tone === "danger" ? "--danger-fill" : "--accent-fill"));
  }, [theme, preferences.fontSize, tone]);

  const percent = unit === "%";
  const data = useMemo<ChartData<"bar", (number | null)[], string>>(
    () => ({
      labels: bars.map((bar) => bar.label),
      datasets: [{ label: series, data: bars.map((bar) => bar.value), backgroundColor: palette?.bar ?? "transparent" }],
    }),
    [bars, series, palette],
  );
  const options = useMemo<ChartOptions<"bar">>(() => {
    const rem = palette ? palette.size / 0.85 : 16;
    const font = palette ? { family: palette.font, size: palette.size } : undefined;
    return {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: typeof window !== "undefined" && window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 },
      datasets: { bar: { maxBarThickness: BAR_REM * rem, categoryPercentage: 1, barPercentage: BAR_REM / ROW_REM } },
      layout: { padding: { top: 6 } },
      scales: {
        x: {
          min: 0,
          ...(percent ? { max: 100 } : max !== undefined ? { max } : {}),
          border: { display: false },
          grid: { color: palette?.grid ?? "transparent" },
          ticks: {
            color: palette?.muted ?? "transparent",
            font,
            precision: 0,
            maxTicksLimit: 6,
            ...(percent ? { stepSize: 25, callback: (value: string | number) => `${value} %` } : {}),
          },
        },
        // The titles are drawn above the bars (plugin barList): no axis labels eating the width.
        y: { display: false, offset: true },
      },
      plugins: {
        barList: { palette, unit: percent ? " %" : unit },
        tooltip: {
          callbacks: { label: (item) => `${series}: ${item.formattedValue}${percent ? " %" : ""}` },
          ...(font ? { titleFont: font, bodyFont: font } : {}),
        },
      },
    };
  }, [palette, percent, max, series, unit]);

  return (
    <div ref={host} className={styles.chart} style={{ height: `${bars.length * ROW_REM + 2.2}rem` }}>
      {palette && <Bar data={data} options={options} plugins={[barList]} role="img" aria-label={label} />}
    </div>
  );
}
