#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run the dma_frag_track benchmark kernels and report.

  bench.py run OUT.log -- CMD...   boot a kernel, keep its console log
  bench.py report RESULTS LOG...  medians, table, CSV and plot
  bench.py trace LOG...           tracepoints compiled in against out

Each kernel prints "dft_bench: raw,TAG,CONFIG,BUFS,VARIANT,METRIC,REP,VALUE"
lines (VALUE in tenths).  The report pairs the variants of each repetition
(they ran back to back) for the added costs, and takes medians over the
repetitions.
"""

import collections
import os
import statistics
import subprocess
import sys

# Targets of issue 11: "bulk" is how converted mvpp2 uses dft (dft_peek()
# and dft_take() per frame, dft_alloc_bulk() per poll), "dft" the single
# calls.
TARGET_BULK_NS = 15.0
TARGET_ADDED_NS = 30.0
TARGET_NAIVE_X = 7.0
TARGET_DMADEBUG_X = 40.0
TARGET_SCALE_X = 1.3
TARGET_SMP_X = 1.3
TARGET_BYTES = 16.0
TARGET_PCT = 1.0
TARGET_MVPP2_X = 1.05


def run(out, cmd, timeout=3600):
	"""Boot CMD, copy its output to OUT; UML and QEMU both want a stdin."""
	with open(out, 'w') as f:
		p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=f,
				     stderr=subprocess.STDOUT)
		try:
			p.wait(timeout=timeout)
		except subprocess.TimeoutExpired:
			p.kill()
			p.wait()
			print(f'bench: {cmd[0]} timed out after {timeout}s',
			      file=sys.stderr)
	with open(out, errors='replace') as f:
		log = f.read()
	if 'dft_bench: raw,' not in log:
		print(f'bench: no results in {out}', file=sys.stderr)
		return 1
	return 0


def parse(logs):
	"""{(tag, cfg, bufs, variant, metric): {rep: value}}"""
	data = collections.defaultdict(dict)
	for path in logs:
		if not os.path.exists(path):
			continue
		with open(path, errors='replace') as f:
			for line in f:
				i = line.find('dft_bench: raw,')
				if i < 0:
					continue
				fields = line[i + 15:].strip().split(',')
				if len(fields) != 7:
					continue
				tag, cfg, bufs, var, metric, rep, val = fields
				data[(tag, cfg, int(bufs), var, metric)][int(rep)] = \
					int(val) / 10.0
	return data


def med(data, key):
	v = data.get(key)
	return statistics.median(v.values()) if v else None


def added(data, tag, cfg, bufs, var, metric, base='base'):
	"""Median over repetitions of VAR - BASE, paired by repetition."""
	a = data.get((tag, cfg, bufs, var, metric), {})
	b = data.get((tag, cfg, bufs, base, metric), {})
	d = [a[r] - b[r] for r in a if r in b]
	return statistics.median(d) if d else None


def fmt(x, spec='.1f'):
	return '-' if x is None else format(x, spec)


def ratio(a, b):
	return None if a is None or b is None or b == 0 else a / b


def configs(data, tag):
	seen = sorted({(k[1], k[2]) for k in data if k[0] == tag},
		      key=lambda c: (c[0] == 'mvpp2mix', c[0], c[1]))
	return seen


def short_bufs(n):
	for unit, s in ((1 << 20, 'M'), (1 << 10, 'K')):
		if n >= unit and n % unit == 0:
			return f'{n // unit}{s}'
	return str(n)


def table(rows, head):
	w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
	line = lambda r: '  '.join(str(c).rjust(w[i]) for i, c in enumerate(r))
	out = [line(head), '  '.join('-' * x for x in w)]
	out += [line(r) for r in rows]
	return '\n'.join(out)


def report(results, logs):
	data = parse(logs)
	tags = sorted({k[0] for k in data})
	nreps = max((len(v) for v in data.values()), default=0)
	out = []
	csv = ['tag,config,bufs,variant,metric,median,min,max,reps,added_median']

	for k in sorted(data):
		v = list(data[k].values())
		tag, cfg, bufs, var, metric = k
		add = added(data, tag, cfg, bufs, var, metric) \
			if var != 'base' else None
		csv.append(f'{tag},{cfg},{bufs},{var},{metric},'
			   f'{statistics.median(v):.1f},{min(v):.1f},{max(v):.1f},'
			   f'{len(v)},{fmt(add)}')

	tag = 'main'
	out.append(f'RX cycle on a full pool, ns per buffer, median of {nreps} '
		   'runs (tag main: no debug options)')
	out.append('refill = alloc + map (+ track); hand-off = (lookup + forget +) '
		   'unmap + free; +ns = added to base, paired by run')
	out.append('dft: dft_alloc() and dft_handoff() per buffer; bulk: as '
		   'converted mvpp2, dft_handoff_bulk() per 64 hand-offs and '
		   'dft_alloc_bulk() per 64 refills; x = bulk/base')
	rows = []
	for cfg, bufs in configs(data, tag):
		g = lambda v, m: med(data, (tag, cfg, bufs, v, m))
		a = lambda v, m: added(data, tag, cfg, bufs, v, m)
		rows.append([cfg, short_bufs(bufs),
			     fmt(g('base', 'refill')), fmt(g('base', 'handoff')),
			     fmt(g('base', 'cycle')),
			     fmt(g('dft', 'refill')), fmt(g('dft', 'handoff')),
			     fmt(g('dft', 'cycle')), fmt(a('dft', 'cycle')),
			     fmt(g('bulk', 'refill')), fmt(g('bulk', 'handoff')),
			     fmt(g('bulk', 'cycle')), fmt(a('bulk', 'cycle')),
			     fmt(ratio(g('bulk', 'cycle'), g('base', 'cycle')),
				 '.2f'),
			     fmt(g('naive', 'cycle')), fmt(a('naive', 'cycle')),
			     fmt(ratio(a('naive', 'cycle'), a('bulk', 'cycle')),
				 '.1f')])
	out.append(table(rows, ['config', 'bufs', 'base:refill', 'handoff',
				'cycle', 'dft:refill', 'handoff', 'cycle', '+ns',
				'bulk:refill', 'handoff', 'cycle', '+ns', 'x',
				'naive:cycle', '+ns', 'naive/bulk+']))
	out.append('')
	out.append('The same cycle with build_skb()/slab_build_skb() and '
		   'consume_skb() on every buffer')
	rows = []
	for cfg, bufs in configs(data, tag):
		g = lambda v, m: med(data, (tag, cfg, bufs, v, m))
		a = lambda v, m: added(data, tag, cfg, bufs, v, m)
		rows.append([cfg, short_bufs(bufs), fmt(g('base', 'cycle_skb')),
			     fmt(g('dft', 'cycle_skb')), fmt(a('dft', 'cycle_skb')),
			     fmt(g('bulk', 'cycle_skb')),
			     fmt(a('bulk', 'cycle_skb')),
			     fmt(ratio(g('bulk', 'cycle_skb'),
				       g('base', 'cycle_skb')), '.2f'),
			     fmt(g('naive', 'cycle_skb')),
			     fmt(a('naive', 'cycle_skb'))])
	out.append(table(rows, ['config', 'bufs', 'base', 'dft', '+ns', 'bulk',
				'+ns', 'x', 'naive', '+ns']))
	out.append('')
	out.append('Primitives alone, ns per op (lock_bh: an xa_lock_bh() round '
		   'trip alone), and tracking memory: bytes of xa_nodes and '
		   'chunks per buffer outstanding after the fill and after '
		   'the RX cycles (steady), % of the buffers\' bytes, index '
		   'allocations per 1000 RX cycles')
	rows = []
	for cfg, bufs in configs(data, tag):
		g = lambda v, m: med(data, (tag, cfg, bufs, v, m))
		pct = lambda v: None if g(v, 'mem_pct_x1000') is None else \
			g(v, 'mem_pct_x1000') / 100.0
		rows.append([cfg, short_bufs(bufs), fmt(g('base', 'lock_bh')),
			     fmt(g('dft', 'lookup')), fmt(g('dft', 'insert')),
			     fmt(g('dft', 'forget')),
			     fmt(g('naive', 'lookup')), fmt(g('naive', 'insert')),
			     fmt(g('naive', 'forget')),
			     fmt(g('dft', 'mem_per_buf_x10')),
			     fmt(g('dft', 'mem_steady_per_buf_x10')),
			     fmt(pct('dft'), '.2f'),
			     fmt(g('dft', 'node_allocs_per_kcycle'), '.0f'),
			     fmt(g('naive', 'mem_per_buf_x10')),
			     fmt(pct('naive'), '.2f'),
			     fmt(g('naive', 'node_allocs_per_kcycle'), '.0f')])
	out.append(table(rows, ['config', 'bufs', 'lock_bh', 'dft:lookup', 'insert',
				'forget', 'naive:lookup', 'insert', 'forget',
				'dft:B/buf', 'steady', '%', 'allocs/kc',
				'naive:B/buf', '%',
				'nodes/kc']))

	rows = []
	for cfg, bufs in configs(data, tag):
		g = lambda m: med(data, (tag, cfg, bufs, 'dft', m))
		tot, xa, cache = g('mem_per_buf_x10'), g('mem_xa_per_buf_x10'), \
			g('mem_cache_per_buf_x10')
		if None in (tot, xa, cache):
			continue
		rows.append([cfg, short_bufs(bufs), fmt(tot), fmt(xa), fmt(cache),
			     fmt(tot - xa - cache)])
	if rows:
		out.append('')
		out.append('dft\'s tracking memory after the fill by part, bytes '
			   'per buffer: the xarray\'s xa_nodes, the chunk cache '
			   '(8 bytes an entry), the chunks (a slot of 8 bytes per '
			   'window, a header of 8)')
		out.append(table(rows, ['config', 'bufs', 'B/buf', 'xa_nodes',
					'cache', 'chunks']))

	for dtag, what in (('dmadebug', 'CONFIG_DMA_API_DEBUG=y'),
			   ('kmemleak', 'CONFIG_DEBUG_KMEMLEAK=y')):
		if dtag not in tags:
			continue
		out.append('')
		out.append(f'{what} (tag {dtag}, its own kernel); '
			   'debug+ns = its base cycle minus main\'s base cycle')
		rows = []
		for cfg, bufs in configs(data, dtag):
			g = lambda v, m, t=dtag: med(data, (t, cfg, bufs, v, m))
			rows.append([cfg, short_bufs(bufs),
				     fmt(g('base', 'cycle')),
				     fmt(None if g('base', 'cycle') is None or
					 g('base', 'cycle', 'main') is None else
					 g('base', 'cycle') -
					 g('base', 'cycle', 'main')),
				     fmt(g('dft', 'cycle')),
				     fmt(added(data, dtag, cfg, bufs, 'dft',
					       'cycle')),
				     fmt(added(data, 'main', cfg, bufs, 'dft',
					       'cycle')),
				     fmt(added(data, dtag, cfg, bufs, 'bulk',
					       'cycle')),
				     fmt(added(data, 'main', cfg, bufs, 'bulk',
					       'cycle'))])
		out.append(table(rows, ['config', 'bufs', 'base', 'debug+ns',
					'dft', 'dft+ns', 'dft+ns(main)',
					'bulk+ns', 'bulk+ns(main)']))

	if 'arm64k64' in tags:
		out.append('')
		out.append('Tracking memory with 64 KiB pages (tag arm64k64: arm64 '
			   'QEMU, CONFIG_ARM64_64K_PAGES; one run, no target): '
			   'bytes of xa_nodes, chunks and chunk cache per buffer '
			   'after the fill and after the RX cycles (steady), % of '
			   'the buffers\' bytes; the 4 KiB figures of the table '
			   'above for comparison')
		rows = []
		for cfg, bufs in configs(data, 'arm64k64'):
			g = lambda t, m: med(data, (t, cfg, bufs, 'dft', m))
			pct = g('arm64k64', 'mem_pct_x1000')
			rows.append([cfg, short_bufs(bufs),
				     fmt(g('arm64k64', 'mem_per_buf_x10')),
				     fmt(g('arm64k64', 'mem_steady_per_buf_x10')),
				     fmt(None if pct is None else pct / 100.0,
					 '.2f'),
				     fmt(g('main', 'mem_per_buf_x10')),
				     fmt(g('main', 'mem_steady_per_buf_x10'))])
		out.append(table(rows, ['config', 'bufs', '64K:B/buf', 'steady',
					'%', '4K:B/buf', 'steady']))

	if 'bounce' in tags:
		out.append('')
		out.append('Every mapping bounced (tag bounce: x86_64 QEMU TCG, '
			   'swiotlb=force; TCG times, only ratios within the run '
			   'mean anything; no target): RX cycle, ns per buffer, '
			   'added to base and x over base; dft and bulk as above; '
			   'over: buffers tracked in the overflow at the end, of all')
		rows = []
		for cfg, bufs in configs(data, 'bounce'):
			g = lambda v, m: med(data, ('bounce', cfg, bufs, v, m))
			a = lambda v, m: added(data, 'bounce', cfg, bufs, v, m)
			rows.append([cfg, short_bufs(bufs), fmt(g('base', 'cycle')),
				     fmt(g('dft', 'cycle')), fmt(a('dft', 'cycle')),
				     fmt(ratio(g('dft', 'cycle'), g('base', 'cycle')),
					 '.2f'),
				     fmt(g('bulk', 'cycle')), fmt(a('bulk', 'cycle')),
				     fmt(ratio(g('bulk', 'cycle'),
					       g('base', 'cycle')), '.2f'),
				     fmt(g('bulk', 'over_pct_x1000') / 100.0
					 if g('bulk', 'over_pct_x1000') is not None
					 else None, '.1f')])
		out.append(table(rows, ['config', 'bufs', 'base', 'dft', '+ns', 'x',
					'bulk', '+ns', 'x', 'over %']))

	if 'smp2' in tags:
		out.append('')
		out.append('Contention (tag smp2: x86_64 QEMU TCG, 2 vCPUs): two '
			   'pools share one tracker; CPU-ns per cycle, from wall '
			   'time (wall) and from the batches without host-stretched '
			   'ones (batch)')
		rows = []
		for cfg, bufs in configs(data, 'smp2'):
			for v in ('base', 'dft', 'bulk', 'naive'):
				r = [cfg, short_bufs(bufs), v]
				for m in ('cycle', 'batch'):
					c1 = med(data, ('smp2', cfg, bufs, v, m + '_1cpu'))
					c2 = med(data, ('smp2', cfg, bufs, v, m + '_2cpu'))
					r += [fmt(c1), fmt(c2), fmt(ratio(c2, c1), '.2f'),
					      fmt(added(data, 'smp2', cfg, bufs, v,
							m + '_2cpu'))]
				rows.append(r)
		out.append(table(rows, ['config', 'bufs', 'variant',
					'wall:1 CPU', '2 CPUs', '2/1', '+ns 2 CPUs',
					'batch:1 CPU', '2 CPUs', '2/1',
					'+ns 2 CPUs']))

	for tag, title in (
		('mvpp2', 'mvpp2\'s own RX path (tag mvpp2: mvpp2_rx() on the '
			  'emulated BM, a NAPI budget of 64 frames per poll, each '
			  'built into an skb and freed)'),
		('nicvf', 'thunder nicvf\'s own RX path (tag nicvf, no target: a '
			  'NAPI budget of 64 frames from the emulated RBDR, each '
			  'built into an skb by nicvf_get_rcv_skb() and freed, '
			  'then nicvf_refill_rbdr(); single calls, dft_remove() '
			  'and dft_add() per buffer)')):
		if tag in tags:
			out.append('')
			out += driver_rx(data, tag, title)

	out.append('')
	out.append('Targets')
	out += targets(data)
	od = os.path.join(results, 'bench', 'objdump.txt')
	if os.path.exists(od):
		with open(od) as f:
			lines = f.read().split('\n')
		out.append('  kmemleak hooks add no instruction without '
			   'CONFIG_DEBUG_KMEMLEAK and CONFIG_KUNIT: ' +
			   ('met' if any('IDENTICAL' in l for l in lines)
			    else 'MISSED'))
		out += ['    ' + l for l in lines[:4]]
	text = '\n'.join(out) + '\n'

	os.makedirs(results, exist_ok=True)
	with open(os.path.join(results, 'bench.csv'), 'w') as f:
		f.write('\n'.join(csv) + '\n')
	with open(os.path.join(results, 'bench.txt'), 'w') as f:
		f.write(text)
	plot(data, results)
	sys.stdout.write(text)
	print(f'\nCSV: {results}/bench.csv  table: {results}/bench.txt  '
	      f'plot: {results}/bench.png')


def verdict(ok):
	return '-' if ok is None else ('met' if ok else 'MISSED')


def smp_added_ratio(data, v):
	"""Added cost per cycle on 2 CPUs over 1 CPU, host-stretched out."""
	cfg = [k for k in data if k[0] == 'smp2' and k[3] == v and
	       k[4] == 'batch_1cpu']
	if not cfg:
		return None, None, None
	_, c, b, _, _ = cfg[0]
	one = added(data, 'smp2', c, b, v, 'batch_1cpu')
	two = added(data, 'smp2', c, b, v, 'batch_2cpu')
	return one, two, ratio(two, one)


def driver_rx(data, tag, title):
	"""A converted driver's own RX path against its unpatched self, in
	two kernels: ns per frame, their difference and ratio."""
	rows = []
	for cfg, bufs in configs(data, tag):
		b = med(data, (tag, cfg, bufs, 'base', 'frame'))
		d = med(data, (tag, cfg, bufs, 'dft', 'frame'))
		rows.append([cfg, fmt(b), fmt(d),
			     fmt(None if b is None or d is None else d - b),
			     fmt(ratio(d, b), '.3f')])
	return [title + ': ns per frame, median over groups of 16 polls, '
		'median of the runs; base: the unpatched driver\'s kernel, dft: '
		'the converted one',
		table(rows, ['frames', 'base', 'dft', '+ns', 'dft/base'])]


def targets(data):
	t = []
	mix = ('mvpp2mix', 2048)
	s = added(data, 'main', *mix, 'dft', 'cycle')
	a = added(data, 'main', *mix, 'bulk', 'cycle')
	n = added(data, 'main', *mix, 'naive', 'cycle')
	t.append(f'  bulk (as mvpp2 uses dft) adds <= {TARGET_BULK_NS:.0f} ns per '
		 f'RX cycle at the mvpp2 mix: {fmt(a)} ns: '
		 f'{verdict(None if a is None else a <= TARGET_BULK_NS)}')
	t.append(f'  single calls add <= {TARGET_ADDED_NS:.0f} ns per RX cycle '
		 f'at the mvpp2 mix: {fmt(s)} ns: '
		 f'{verdict(None if s is None else s <= TARGET_ADDED_NS)}')
	x = ratio(n, a)
	t.append(f'  >= {TARGET_NAIVE_X:.0f}x less than the naive xarray '
		 f'({fmt(n)} ns): {fmt(x)}x: '
		 f'{verdict(None if x is None else x >= TARGET_NAIVE_X)}')
	dd = None
	b_dbg = med(data, ('dmadebug', *mix, 'base', 'cycle'))
	b_main = med(data, ('main', *mix, 'base', 'cycle'))
	if b_dbg is not None and b_main is not None:
		dd = b_dbg - b_main
	x = ratio(dd, a)
	t.append(f'  >= {TARGET_DMADEBUG_X:.0f}x less than CONFIG_DMA_API_DEBUG '
		 f'({fmt(dd)} ns): {fmt(x)}x: '
		 f'{verdict(None if x is None else x >= TARGET_DMADEBUG_X)}')
	for v in ('bulk', 'dft'):
		one, two, x = smp_added_ratio(data, v)
		t.append(f'  {v}: 2 CPUs on one pool, added cost per cycle within '
			 f'{TARGET_SMP_X}x of 1 CPU (TCG ns): {fmt(one)} -> '
			 f'{fmt(two)} = {fmt(x, ".2f")}x: '
			 f'{verdict(None if x is None else x <= TARGET_SMP_X)}')
	for cfg in ('short768', 'long2240'):
		for m, what in (('cycle', 'added cost'), ('lookup', 'lookup')):
			if m == 'cycle':
				lo = added(data, 'main', cfg, 1024, 'bulk', m)
				hi = added(data, 'main', cfg, 1 << 20, 'bulk', m)
			else:
				lo = med(data, ('main', cfg, 1024, 'dft', m))
				hi = med(data, ('main', cfg, 1 << 20, 'dft', m))
			x = ratio(hi, lo)
			t.append(f'  {cfg} {what} at 1M within {TARGET_SCALE_X}x of '
				 f'1K: {fmt(lo)} -> {fmt(hi)} ns = {fmt(x, ".2f")}x: '
				 f'{verdict(None if x is None else x <= TARGET_SCALE_X)}')
	worst, wk = None, None
	for k in data:
		if k[0] == 'main' and k[1] in ('short768', 'long2240') and \
		   k[3] == 'dft' and k[4] in ('mem_per_buf_x10',
					      'mem_steady_per_buf_x10'):
			v = med(data, k)
			if worst is None or v > worst:
				worst, wk = v, k
	parts = ''
	if wk is not None:
		xa = med(data, (*wk[:4], 'mem_xa_per_buf_x10'))
		cache = med(data, (*wk[:4], 'mem_cache_per_buf_x10'))
		fill = med(data, (*wk[:4], 'mem_per_buf_x10'))
		if None not in (xa, cache, fill):
			parts = (f' ({wk[1]} {short_bufs(wk[2])}; after the fill '
				 f'xa_nodes {fmt(xa)}, cache {fmt(cache)}, '
				 f'chunks {fmt(fill - xa - cache)})')
	t.append(f'  <= {TARGET_BYTES:.0f} B per page_frag buffer (worst of '
		 f'1K..1M, filled and steady): {fmt(worst)} B{parts}: '
		 f'{verdict(None if worst is None else worst <= TARGET_BYTES)}')
	for cfg, bufs in configs(data, 'mvpp2'):
		b = med(data, ('mvpp2', cfg, bufs, 'base', 'frame'))
		d = med(data, ('mvpp2', cfg, bufs, 'dft', 'frame'))
		x = ratio(d, b)
		t.append(f'  mvpp2_rx() per {cfg} frame, converted within '
			 f'{TARGET_MVPP2_X}x of unpatched: {fmt(b)} -> {fmt(d)} ns '
			 f'= {fmt(x, ".3f")}x: '
			 f'{verdict(None if x is None else x <= TARGET_MVPP2_X)}')
	p = med(data, ('main', *mix, 'dft', 'mem_pct_x1000'))
	p = None if p is None else p / 100.0
	t.append(f'  <= {TARGET_PCT:.0f} % of buffer memory at the mvpp2 mix: '
		 f'{fmt(p, ".3f")} %: '
		 f'{verdict(None if p is None else p <= TARGET_PCT)}')
	return t


def plot(data, results):
	dat = os.path.join(results, 'bench.dat')
	cols = [(c, v) for c in ('short768', 'long2240', 'jumbo10432')
		for v in ('base', 'dft', 'bulk', 'naive')]
	sizes = sorted({k[2] for k in data if k[0] == 'main' and
			k[1] in ('short768', 'long2240', 'jumbo10432')})
	with open(dat, 'w') as f:
		f.write('# bufs ' + ' '.join(f'{c}-{v}' for c, v in cols) + '\n')
		for s in sizes:
			vals = [med(data, ('main', c, s, v, 'cycle')) for c, v in cols]
			f.write(f'{s} ' + ' '.join('NaN' if x is None else f'{x:.1f}'
						   for x in vals) + '\n')
	gp = [f'set terminal pngcairo size 900,560 noenhanced',
	      f'set output "{results}/bench.png"',
	      'set title "dma_frag_track: steady-state RX cycle (refill + hand-off)"',
	      'set xlabel "buffers outstanding"',
	      'set ylabel "ns per buffer (median)"',
	      'set logscale x 2', 'set key outside right', 'set grid',
	      'set xtics ("1K" 1024, "4K" 4096, "64K" 65536, "1M" 1048576)',
	      'set yrange [0:*]',
	      'set datafile missing "NaN"']
	colour = {'base': '#444444', 'dft': '#1f77b4', 'bulk': '#2ca02c',
		  'naive': '#d62728'}
	dash = {'short768': 1, 'long2240': 2, 'jumbo10432': 3}
	lines = [f'"{dat}" using 1:{i + 2} with linespoints '
		 f'lc rgb "{colour[v]}" dt {dash[c]} title "{c} {v}"'
		 for i, (c, v) in enumerate(cols)]
	gp.append('plot ' + ', \\\n     '.join(lines))
	try:
		subprocess.run(['gnuplot'], input='\n'.join(gp) + '\n', text=True,
			       check=True)
	except (OSError, subprocess.CalledProcessError) as e:
		print(f'bench: no plot: {e}', file=sys.stderr)


def trace(logs):
	"""Tracepoints compiled in (disabled) against compiled out.

	Two kernels, the same but for -DNOTRACE on dma_frag_track.o, each with
	its own base in the same boot.  Within noise: the difference of the two
	medians of dft's added cost (compiled in minus out) is no larger than
	the spread (max - min over the runs) of that cost in either kernel.
	"""
	data = parse(logs)
	rows, verdicts = [], []
	for cfg, bufs in configs(data, 'traceoff'):
		def per_rep(tag):
			a = data.get((tag, cfg, bufs, 'dft', 'cycle'), {})
			b = data.get((tag, cfg, bufs, 'base', 'cycle'), {})
			return [a[r] - b[r] for r in a if r in b]
		on, off = per_rep('traceoff'), per_rep('notrace')
		if not on or not off:
			continue
		diff = statistics.median(on) - statistics.median(off)
		noise = max(max(on) - min(on), max(off) - min(off))
		# Only a cost counts against them: two kernels differ in code
		# layout too, which can make either one faster.
		ok = diff <= noise
		verdicts.append(ok)
		rows.append([cfg, short_bufs(bufs), fmt(statistics.median(on)),
			     fmt(statistics.median(off)), fmt(diff), fmt(noise),
			     ('yes' if diff >= -noise else 'yes, faster')
			     if ok else 'NO'])
	if not rows:
		print('bench: no tracepoint results', file=sys.stderr)
		return 1
	print('dft tracepoints compiled in and disabled (traceoff) against '
	      'compiled out (notrace, -DNOTRACE):')
	print('+ns = dft added to base per RX cycle, median over runs; noise = '
	      'largest max - min of +ns over runs in either kernel; within '
	      'noise: diff <= noise')
	print(table(rows, ['config', 'bufs', 'traceoff +ns', 'notrace +ns',
			   'diff', 'noise', 'within noise']))
	print(f'tracepoints add no cost beyond noise: {sum(verdicts)} of '
	      f'{len(verdicts)} configurations')
	return 0


def main(argv):
	if len(argv) > 3 and argv[0] == 'run' and argv[2] == '--':
		return run(argv[1], argv[3:])
	if len(argv) > 1 and argv[0] == 'trace':
		return trace(argv[1:])
	if len(argv) > 2 and argv[0] == 'report':
		report(argv[1], argv[2:])
		return 0
	print(__doc__, file=sys.stderr)
	return 2


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
