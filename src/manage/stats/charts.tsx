/** @jsxImportSource @antv/f2 */
/**
 * The two 检测统计 charts as F2 elements (this file's JSX is F2's, not React's: the pragma above).
 * Sizes are in F2's units, 750 across a phone like the pages' design px; F2Chart converts them.
 * The numbers they draw are listed as text beside them on the page.
 */
import { Axis, Chart, Interval, Line, Point } from '@antv/f2'
import { countAxis } from '../../services/stats-view'

const BLUE = '#1677ff'
const LABEL = { fill: '#8a8f99', fontSize: '22px' }
const GRID = { stroke: '#e8ebf0', lineWidth: '2px' }
const BASELINE = { stroke: '#d9dce1', lineWidth: '2px' }
/** F2 leaves a part of an axis out when its style is null; its types do not say so. */
const NONE = null as never
/** Counts are whole people: whole-number ticks from 0 (F2's own would give 0.75 人次). */
function countScale(data: Array<{ entries: number }>) {
  const { max, ticks } = countAxis(Math.max(0, ...data.map((d) => d.entries)))
  return { min: 0, max, ticks }
}

/** Every third hour is labelled: 24 labels do not fit a phone. */
const HOUR_TICKS = ['00', '03', '06', '09', '12', '15', '18', '21']

export function hourlyChart(data: Array<{ hour: string; entries: number }>) {
  return (
    <Chart data={data} scale={{ entries: countScale(data), hour: { type: 'cat', ticks: HOUR_TICKS } }}>
      <Axis field='hour' labelAutoHide style={{ label: LABEL, line: BASELINE, grid: NONE }} />
      <Axis field='entries' style={{ label: LABEL, grid: GRID }} />
      <Interval x='hour' y='entries' color={BLUE} style={{ radius: ['4px', '4px', 0, 0] }} />
    </Chart>
  )
}

/**
 * Entries per day over the week; the chosen day (last point) drawn solid. On a narrow phone in
 * 长辈模式 every other date label gives way rather than overlap (the table below lists all).
 */
export function trendChart(data: Array<{ label: string; entries: number }>) {
  const last = data.length - 1
  return (
    <Chart data={data} scale={{ entries: countScale(data), label: { type: 'cat', range: [0.06, 0.94] } }}>
      <Axis field='label' labelAutoHide style={{ label: LABEL, line: BASELINE, grid: NONE }} />
      <Axis field='entries' style={{ label: LABEL, grid: GRID }} />
      <Line x='label' y='entries' color={BLUE} style={{ lineWidth: '4px' }} />
      <Point
        x='label'
        y='entries'
        color={BLUE}
        style={{
          r: '7px',
          lineWidth: '3px',
          stroke: BLUE,
          fill: (record: { label: string }) => (record.label === data[last]?.label ? BLUE : '#ffffff')
        }}
      />
    </Chart>
  )
}
