/** A bar chart's geometry, drawn as inline SVG by the statistics screen: pure, so node's
 * runner tests it, and small, so no chart library joins the first screen's script. */

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface Group {
  label: string;
  bars: Bar[];
}

/** Bars for each point's `series` values, side by side in a group per point, scaled so the
 * largest value fills `height`; a zero is a bar of no height, never a negative one. */
export function barGroups(
  points: readonly { label: string; values: readonly number[] }[],
  width: number,
  height: number,
): Group[] {
  const largest = Math.max(1, ...points.flatMap((point) => point.values));
  const slot = points.length ? width / points.length : width;
  const gap = slot * 0.2;
  return points.map((point, index) => {
    const barWidth = (slot - gap) / Math.max(1, point.values.length);
    return {
      label: point.label,
      bars: point.values.map((value, which) => {
        const barHeight = (value / largest) * height;
        return {
          x: index * slot + gap / 2 + which * barWidth,
          y: height - barHeight,
          width: barWidth,
          height: barHeight,
          value,
        };
      }),
    };
  });
}

/** Today's date in the province (YYYY-MM-DD), whatever the browser's own zone: the API counts
 * days in Asia/Shanghai, which keeps UTC+8 all year. */
export function shanghaiDate(moment: Date, daysBefore = 0): string {
  const shifted = moment.getTime() + 8 * 3600 * 1000 - daysBefore * 86400 * 1000;
  return new Date(shifted).toISOString().slice(0, 10);
}
