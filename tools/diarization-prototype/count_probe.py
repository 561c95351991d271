#!/usr/bin/python3
"""Offline probe of speaker-count rules on an RTTM corpus (numpy/scipy prototype, not the pipeline).

Reproduces the count figures of docs/diarization-evaluation.md (branch diar3):

    /usr/bin/python3 tools/diarization-prototype/count_probe.py owners    /work/shared/data/ami-dev  --regions hyp.rttm
    /usr/bin/python3 tools/diarization-prototype/count_probe.py scale     /work/shared/data/ami-dev [--regions hyp.rttm]
    /usr/bin/python3 tools/diarization-prototype/count_probe.py threshold /work/shared/data/ami-dev [--regions hyp.rttm]
    /usr/bin/python3 tools/diarization-prototype/count_probe.py nmesc     /work/shared/data/ami-dev [--regions hyp.rttm]
    /usr/bin/python3 tools/diarization-prototype/count_probe.py vbhmm     /work/shared/data/ami-dev  --regions hyp.rttm

Speech regions are the reference's unless --regions names an RTTM whose turns (merged) stand for the VAD: the
pipeline's own `eval diarization --hyp-out hyp.rttm` output is the one used in the document. Features and GLR
distances are diarization_probe.py's (MFCC c1..c19, per-recording CMVN, full-covariance Gaussian likelihood ratio).

- owners: upper bounds that need no audio. Per window length, the count a perfect one-label-per-window clusterer
  answers (each window labelled with the reference speaker who talks most in it), on the reference's and on the
  --regions speech; and per speaker the speech and the solo (non-overlapped) speech, with the count of speakers
  holding at least 0.5 s alone.
- scale: the per-recording distance scales (median GLR between a window and the next non-overlapping window of the
  same speech region, "adjacent"; median over windows of the nearest non-overlapping window's GLR, "nearest") against
  the within- and between-speaker medians of single-speaker windows.
- threshold: average-linkage clustering of the scale-normalised GLR stopped at a fixed threshold, clusters of at least
  m windows counted; for every window length, scale, threshold and m: the best in-sample number of exact counts, the
  leave-one-out expected number (threshold and m chosen on the other files, ties averaged) and the correlation of the
  answered count with the reference count. The constant-answer baseline is printed last.
- nmesc: NME-SC eigengap counts (p-neighbour binarised affinity exp(-d / scale), p chosen by the ratio criterion).
- vbhmm: frame-level HMM resegmentation in the manner of VBx's pruning: over-clustered threshold initialisation,
  speakers as MAP-adapted (means) copies of a per-recording diagonal UBM, forward-backward with a loop probability and
  an acoustic scale, speaker priors re-estimated and speakers below a minimum duration dropped. Needs Debian's
  python3-sklearn (UBM) and sctk (md-eval.pl scores the resulting RTTM; the UEM channel is rewritten to the RTTMs').
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from scipy.special import logsumexp

import diarization_probe as probe

WINDOWINGS = ((1.5, 0.75), (1.0, 0.5), (0.75, 0.375))
THRESHOLDS = [round(x, 2) for x in np.arange(0.9, 1.8, 0.05)]
MIN_WINDOWS = (1, 2, 3)


def load(corpus, file_id, regions):
    x, rate = probe.read_audio(corpus / f'{file_id}.wav')
    cepstra = probe.mfcc(x, rate)
    times = np.arange(len(cepstra)) * probe.HOP
    speech = np.zeros(len(cepstra), bool)
    for start, end in regions:
        speech |= (times >= start) & (times < end)
    static = cepstra[:, 1:]
    static = (static - static[speech].mean(0)) / (static[speech].std(0) + 1e-9)
    return times, speech, static


def plan(regions, window, hop):
    """probe.plan_windows, keeping each window's region index."""
    planned = []
    for index, region in enumerate(regions):
        planned += [(index, s, e) for s, e in probe.plan_windows([region], window, hop)]
    return planned


def scales(d, windows):
    """(adjacent, nearest) within-recording distance scales; see the module docstring."""
    adjacent, nearest = [], []
    for i, (region, start, end) in enumerate(windows):
        apart = [j for j, (_, s, e) in enumerate(windows) if s >= end - 1e-6 or e <= start + 1e-6]
        if apart:
            nearest.append(min(d[i, j] for j in apart))
        following = [j for j, (r, s, _) in enumerate(windows) if r == region and s >= end - 1e-6]
        if following:
            adjacent.append(d[i, min(following, key=lambda j: windows[j][1])])
    return (float(np.median(adjacent)) if adjacent else float('nan')), (float(np.median(nearest)) if nearest else float('nan'))


def recordings(corpus, reference, regions_rttm, windowing):
    hypothesis = probe.read_rttm(regions_rttm) if regions_rttm else None
    for file_id in sorted(reference):
        turns = reference[file_id]
        regions = probe.union(hypothesis.get(file_id, []) if hypothesis else turns)
        times, speech, static = load(corpus, file_id, regions)
        windows = plan(regions, *windowing)
        frames = [static[np.searchsorted(times, s):np.searchsorted(times, e)] for _, s, e in windows]
        yield file_id, turns, windows, probe.glr_distances(frames), (times, speech, static)


def threshold_counts(d, threshold, min_windows):
    if len(d) < 2:
        return 1, np.zeros(len(d), int)
    labels = fcluster(linkage(squareform(d, checks=False), 'average'), threshold, 'distance') - 1
    return max(1, int(np.sum(np.bincount(labels) >= min_windows))), labels


def reference_counts(reference):
    return {f: len({t[2] for t in turns}) for f, turns in reference.items()}


def majority_speaker(turns, start, end):
    cover = {}
    for s, e, name in turns:
        if min(e, end) > max(s, start):
            cover[name] = cover.get(name, 0.0) + min(e, end) - max(s, start)
    return max(cover, key=cover.get) if cover else None


def mode_owners(corpus, reference, regions_rttm):
    expected = reference_counts(reference)
    hypothesis = probe.read_rttm(regions_rttm) if regions_rttm else None
    files = sorted(reference)
    for window, hop in WINDOWINGS + ((0.5, 0.25),):
        cells = []
        for name, source in (('reference speech', None), ('--regions speech', hypothesis)):
            if name != 'reference speech' and source is None:
                continue
            owners = {}
            for f in files:
                regions = probe.union(source.get(f, []) if source is not None else reference[f])
                owners[f] = len({majority_speaker(reference[f], s, e) for s, e in probe.plan_windows(regions, window, hop)} - {None})
            cells.append(f'{name}: ' + ' '.join(f'{f}:{expected[f]}/{owners[f]}' for f in files)
                         + f' exact {sum(owners[f] == expected[f] for f in files)}/8')
        print(f'window {window} s hop {hop} s, majority speaker per window: ' + ' | '.join(cells))
    alone_enough = 0
    for f in files:
        grid = np.arange(0, max(e for _, e, _ in reference[f]), 0.01)
        names = sorted({t[2] for t in reference[f]})
        active = np.array([[any(s <= t < e for s, e, n in reference[f] if n == name) for t in grid] for name in names])
        solo = (active & (active.sum(0) == 1)[None]).sum(1) * 0.01
        total = active.sum(1) * 0.01
        holding = int((solo >= 0.5).sum())
        alone_enough += holding == expected[f]
        print(f'{f}	speech/solo s per speaker ' + ' '.join(f'{total[i]:.1f}/{solo[i]:.1f}' for i in np.argsort(-total))
              + f'	speakers with >= 0.5 s alone {holding} of {expected[f]}')
    print(f'counting exactly the speakers with >= 0.5 s alone: exact {alone_enough}/8')


def mode_scale(corpus, reference, regions_rttm):
    for file_id, turns, windows, d, _ in recordings(corpus, reference, regions_rttm, WINDOWINGS[0]):
        labels = [probe.single_speaker(turns, s, e) for _, s, e in windows]
        _, within, between = probe.auc(d, labels)
        adjacent, nearest = scales(d, windows)
        median = lambda v: float(np.median(v)) if v else float('nan')
        w, b = median(within), median(between)
        print(f'{file_id}\twithin {w:.2f}\tbetween {b:.2f}\tadjacent {adjacent:.2f}\tnearest {nearest:.2f}'
              f'\twithin/adjacent {w / adjacent:.2f}\tbetween/adjacent {b / adjacent:.2f}'
              f'\twithin/nearest {w / nearest:.2f}\tbetween/nearest {b / nearest:.2f}')


def mode_threshold(corpus, reference, regions_rttm):
    expected = reference_counts(reference)
    files = sorted(reference)
    for windowing in WINDOWINGS:
        data = {f: (w, d) for f, _, w, d, _ in recordings(corpus, reference, regions_rttm, windowing)}
        for scale_index, scale_name in enumerate(('adjacent', 'nearest')):
            table = {}
            for f in files:
                windows, d = data[f]
                scale = scales(d, windows)[scale_index]
                for threshold in THRESHOLDS:
                    for m in MIN_WINDOWS:
                        table.setdefault((threshold, m), {})[f] = threshold_counts(d / scale, threshold, m)[0]
            exact = {s: sum(c[f] == expected[f] for f in files) for s, c in table.items()}
            best = max(exact, key=lambda s: exact[s])
            held_out = 0.0
            for h in files:
                score = {s: sum(c[f] == expected[f] for f in files if f != h) for s, c in table.items()}
                tied = [s for s in table if score[s] == max(score.values())]
                held_out += float(np.mean([table[s][h] == expected[h] for s in tied]))
            correlations = [np.corrcoef([c[f] for f in files], [expected[f] for f in files])[0, 1]
                            for c in table.values() if len(set(c.values())) > 1]
            print(f'window {windowing[0]} s hop {windowing[1]} s, scale {scale_name}: best in-sample exact {exact[best]}/8 '
                  f'(threshold {best[0]}, min windows {best[1]}: '
                  + ' '.join(f'{f}:{expected[f]}/{table[best][f]}' for f in files)
                  + f'), leave-one-out expected exact {held_out:.2f}/8, mean corr(answered, reference) {np.mean(correlations):+.2f}')
    held_out = 0.0
    for h in files:
        others = [expected[f] for f in files if f != h]
        top = max(others.count(v) for v in set(others))
        held_out += float(np.mean([v == expected[h] for v in set(others) if others.count(v) == top]))
    commonest = max(set(expected.values()), key=lambda v: list(expected.values()).count(v))
    print(f'constant answer {commonest}: in-sample exact {sum(v == commonest for v in expected.values())}/8; '
          f'the other files\' commonest count, leave-one-out expected exact {held_out:.2f}/8')


def nme_sc_count(d, scale, max_speakers=8):
    n = len(d)
    affinity = np.exp(-d / scale)
    np.fill_diagonal(affinity, 0)
    best = None
    for p in range(2, max(3, n // 3)):
        binary = np.zeros_like(affinity)
        neighbours = np.argsort(-affinity, 1)[:, :p]
        for i in range(n):
            binary[i, neighbours[i]] = 1
        binary = 0.5 * (binary + binary.T)
        eigenvalues = np.sort(np.linalg.eigvalsh(np.diag(binary.sum(1)) - binary))
        gaps = np.diff(eigenvalues[:max_speakers + 1])
        ratio = (p / n) / (gaps.max() / (eigenvalues[-1] + 1e-10) + 1e-10)
        if best is None or ratio < best[0]:
            best = (ratio, int(np.argmax(gaps)) + 1)
    return best[1]


def mode_nmesc(corpus, reference, regions_rttm):
    expected = reference_counts(reference)
    for windowing in WINDOWINGS:
        counts = {f: nme_sc_count(d, scales(d, w)[0]) for f, _, w, d, _ in recordings(corpus, reference, regions_rttm, windowing)}
        print(f'window {windowing[0]} s: ' + ' '.join(f'{f}:{expected[f]}/{counts[f]}' for f in sorted(counts))
              + f'  exact {sum(counts[f] == expected[f] for f in counts)}/8')


def diagonal_log_likelihoods(x, weights, means, variances):
    return (np.log(weights)[None, :] - 0.5 * (np.sum(np.log(2 * np.pi * variances), 1)[None, :]
                                              + (((x[:, None, :] - means[None]) ** 2) / variances[None]).sum(2)))


def forward_backward(log_likelihoods, priors, loop):
    frames, speakers = log_likelihoods.shape
    transitions = np.log(loop * np.eye(speakers) + (1 - loop) * priors[None, :] + 1e-300)
    forward, backward = np.zeros((frames, speakers)), np.zeros((frames, speakers))
    forward[0] = np.log(np.maximum(priors, 1e-12)) + log_likelihoods[0]
    for t in range(1, frames):
        forward[t] = log_likelihoods[t] + logsumexp(forward[t - 1][:, None] + transitions, 0)
    for t in range(frames - 2, -1, -1):
        backward[t] = logsumexp(transitions + (log_likelihoods[t + 1] + backward[t + 1])[None, :], 1)
    posterior = forward + backward
    return np.exp(posterior - logsumexp(posterior, 1, keepdims=True))


def resegment(windows, d, features, initial_threshold, acoustic_scale, loop=0.99, relevance=16, components=16,
              min_seconds=0.3, iterations=10):
    from sklearn.mixture import GaussianMixture

    times, speech, static = features
    index = np.where(speech)[0]
    x = static[index]
    ubm = GaussianMixture(components, covariance_type='diag', random_state=0, max_iter=50, reg_covar=1e-3).fit(x)
    _, initial = threshold_counts(d / scales(d, windows)[0], initial_threshold, 1)
    responsibilities = np.full((len(index), initial.max() + 1), 1e-3)
    for k, (_, start, end) in enumerate(windows):
        responsibilities[(times[index] >= start) & (times[index] < end), initial[k]] += 1
    responsibilities /= responsibilities.sum(1, keepdims=True)
    component_log = diagonal_log_likelihoods(x, ubm.weights_, ubm.means_, ubm.covariances_)
    occupation = np.exp(component_log - logsumexp(component_log, 1, keepdims=True))
    for _ in range(iterations):
        scores = np.zeros(responsibilities.shape)
        for s in range(responsibilities.shape[1]):
            weighted = occupation * responsibilities[:, s:s + 1]
            counts = weighted.sum(0)
            alpha = (counts / (counts + relevance))[:, None]
            means = alpha * (weighted.T @ x / np.maximum(counts, 1e-9)[:, None]) + (1 - alpha) * ubm.means_
            scores[:, s] = logsumexp(diagonal_log_likelihoods(x, ubm.weights_, means, ubm.covariances_), 1)
        priors = responsibilities.sum(0) / responsibilities.sum()
        responsibilities = forward_backward(acoustic_scale * (scores - scores.max(1, keepdims=True)), priors, loop)
        keep = responsibilities.sum(0) * probe.HOP >= min_seconds
        responsibilities = responsibilities[:, keep]
        responsibilities /= responsibilities.sum(1, keepdims=True)
    return times[index], responsibilities.argmax(1)


def write_turns(out, file_id, frame_times, labels):
    start = 0
    for k in range(1, len(labels) + 1):
        if k == len(labels) or labels[k] != labels[start] or frame_times[k] - frame_times[k - 1] > 1.5 * probe.HOP:
            out.write(f'SPEAKER {file_id} 1 {frame_times[start]:.3f} {frame_times[k - 1] + probe.HOP - frame_times[start]:.3f} '
                      f'<NA> <NA> spk{labels[start]} <NA> <NA>\n')
            start = k


def md_eval(corpus, hypothesis):
    md_eval_pl = next(line for line in subprocess.run(['dpkg', '-L', 'sctk'], capture_output=True, text=True).stdout.split()
                      if line.endswith('/md-eval.pl'))
    with tempfile.NamedTemporaryFile('w', suffix='.uem') as uem:
        for line in open(next(corpus.glob('*.uem')), encoding='utf-8'):
            fields = line.split()
            if fields:
                uem.write(' '.join([fields[0], '1'] + fields[2:]) + '\n')
        uem.flush()
        report = subprocess.run(['perl', md_eval_pl, '-c', '0.25', '-r', str(next(corpus.glob('*.rttm'))), '-s', hypothesis,
                                 '-u', uem.name], capture_output=True, text=True, check=True).stdout
    share = lambda label: float(re.search(label + r' =\s*[\d.]+ secs\s*\(\s*([\d.]+)', report).group(1))
    return share('MISSED SPEAKER TIME'), share('FALARM SPEAKER TIME'), share(' SPEAKER ERROR TIME'), \
        float(re.search(r'OVERALL SPEAKER DIARIZATION ERROR = ([\d.]+)', report).group(1))


def mode_vbhmm(corpus, reference, regions_rttm):
    expected = reference_counts(reference)
    data = list(recordings(corpus, reference, regions_rttm, WINDOWINGS[0]))
    for initial_threshold in (1.0, 1.1):
        for acoustic_scale in (0.02, 0.1, 0.3, 1.0):
            counts = {}
            with tempfile.NamedTemporaryFile('w', suffix='.rttm') as hypothesis:
                for file_id, _, windows, d, features in data:
                    frame_times, labels = resegment(windows, d, features, initial_threshold, acoustic_scale)
                    counts[file_id] = len(set(labels.tolist()))
                    write_turns(hypothesis, file_id, frame_times, labels)
                hypothesis.flush()
                missed, false_alarm, confusion, der = md_eval(corpus, hypothesis.name)
            print(f'initial threshold {initial_threshold}, acoustic scale {acoustic_scale}: '
                  + ' '.join(f'{f}:{expected[f]}/{counts[f]}' for f in sorted(counts))
                  + f'  exact {sum(counts[f] == expected[f] for f in counts)}/8  missed {missed} FA {false_alarm} '
                    f'confusion {confusion} DER {der}', flush=True)


def main():
    arguments = sys.argv[1:]
    regions_rttm = None
    if '--regions' in arguments:
        at = arguments.index('--regions')
        regions_rttm = arguments[at + 1]
        del arguments[at:at + 2]
    mode, corpus = arguments[0], Path(arguments[1])
    reference = probe.read_rttm(next(corpus.glob('*.rttm')))
    modes = {'owners': mode_owners, 'scale': mode_scale, 'threshold': mode_threshold, 'nmesc': mode_nmesc, 'vbhmm': mode_vbhmm}
    if mode not in modes:
        raise SystemExit(f'unknown mode {mode}: one of {", ".join(modes)}')
    modes[mode](corpus, reference, regions_rttm)


if __name__ == '__main__':
    main()
