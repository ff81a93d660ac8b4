'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HourlyRuns } from '@/server/services/dashboard/runs-per-hour';
import type { NodeLatency } from '@/server/services/dashboard/step-latency';
import type { ModelConfidence } from '@/server/services/dashboard/confidence-drift';
import { formatDuration } from '@/features/runs/format';

const STATUS_COLORS = {
  succeeded: '#10b981',
  failed: '#ef4444',
  canceled: '#a1a1aa',
  waiting: '#f59e0b',
  running: '#3b82f6',
  queued: '#71717a',
} as const;

const hourFmt = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hour12: false });
const dayHourFmt = new Intl.DateTimeFormat('en', { weekday: 'short', hour: '2-digit', hour12: false });

/** Runs created per hour, stacked by the status they have now. */
export function RunsPerHourChart({ data, hours }: { data: HourlyRuns[]; hours: number }) {
  const rows = data.map((d) => ({ ...d, label: (hours > 48 ? dayHourFmt : hourFmt).format(new Date(d.hour)) }));
  return (
    <div className="h-64" role="img" aria-label="Runs per hour by status">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#71717a' }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#71717a' }} />
          <Tooltip cursor={{ fill: '#f4f4f5' }} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="square" iconSize={10} />
          {(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((s) => (
            <Bar key={s} dataKey={s} stackId="runs" fill={STATUS_COLORS[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** p50 / p95 / p99 of attempt time per node type, slowest first. */
export function LatencyChart({ data }: { data: NodeLatency[] }) {
  return (
    <div
      style={{ height: Math.max(160, data.length * 44 + 60) }}
      role="img"
      aria-label="Step latency percentiles per node type"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
          <XAxis
            type="number"
            tick={{ fontSize: 11, fill: '#71717a' }}
            tickFormatter={(v: number) => formatDuration(v)}
          />
          <YAxis type="category" dataKey="nodeType" width={96} tick={{ fontSize: 11, fill: '#3f3f46' }} />
          <Tooltip
            formatter={(v) => formatDuration(Number(v))}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
            cursor={{ fill: '#f4f4f5' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="square" iconSize={10} />
          <Bar dataKey="p50Ms" name="p50" fill="#93c5fd" isAnimationActive={false} />
          <Bar dataKey="p95Ms" name="p95" fill="#3b82f6" isAnimationActive={false} />
          <Bar dataKey="p99Ms" name="p99" fill="#1e40af" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One model version's confidences in ten bins. */
export function ConfidenceHistogram({ model }: { model: ModelConfidence }) {
  const rows = model.bins.map((n, i) => ({
    bin: `${(i / 10).toFixed(1)}`,
    share: model.count ? n / model.count : 0,
    n,
  }));
  // Round axis: 0, half and the top at the next 10%.
  const top = Math.max(0.1, Math.ceil(Math.max(...rows.map((r) => r.share)) * 10) / 10);
  return (
    <div className="h-28" role="img" aria-label={`Confidence distribution of ${model.model} ${model.version}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -28 }}>
          <XAxis dataKey="bin" tick={{ fontSize: 10, fill: '#71717a' }} interval={1} />
          <YAxis
            domain={[0, top]}
            ticks={[0, top / 2, top]}
            tick={{ fontSize: 10, fill: '#71717a' }}
            tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          />
          <Tooltip
            formatter={(_v, _name, item) => [`${(item.payload as { n: number }).n}`, 'results']}
            labelFormatter={(l) => `score ${l}–${(Number(l) + 0.1).toFixed(1)}`}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
            cursor={{ fill: '#f4f4f5' }}
          />
          <Bar dataKey="share" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
