#!/usr/bin/python3
"""Offline probe of speaker separability and count criteria on an RTTM corpus (numpy prototype, not the pipeline).

Reproduces the diagnostic figures of docs/diarization-evaluation.md:

    /usr/bin/python3 tools/diarization-prototype/diarization_probe.py separability /work/shared/data/ami-dev
    /usr/bin/python3 tools/diarization-prototype/diarization_probe.py counts /work/shared/data/ami-dev

Speech regions are the reference's (oracle), so the figures isolate the speaker features and the count criterion
from the VAD. Features: MFCC c1..c19 (25 ms / 10 ms, 40 mel bands 60-7600 Hz, pre-emphasis 0.97) with per-recording
CMVN over the speech frames, as the pipeline's front end; windows 1.5 s with 0.75 s hop as the pipeline plans them.
Audio is decoded with ffmpeg to 16 kHz mono.
"""
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HOP = 0.010


def read_audio(path):
    raw = subprocess.run(['ffmpeg', '-loglevel', 'error', '-i', str(path), '-f', 's16le', '-ac', '1', '-ar', '16000', '-'],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64) / 32768.0, 16000


def mel_filters(rate, nfft, bands=40, low=60, high=7600):
    mel = lambda f: 1127 * np.log(1 + f / 700)
    hz = lambda m: 700 * (np.exp(m / 1127) - 1)
    points = hz(np.linspace(mel(low), mel(high), bands + 2))
    bins = np.fft.rfftfreq(nfft, 1 / rate)
    filters = np.zeros((bands, len(bins)))
    for i in range(bands):
        left, centre, right = points[i], points[i + 1], points[i + 2]
        filters[i] = np.clip(np.minimum((bins - left) / (centre - left), (right - bins) / (right - centre)), 0, None)
    return filters


def mfcc(x, rate, coefficients=20):
    x = np.append(x[0], x[1:] - 0.97 * x[:-1])
    length, hop, nfft = int(0.025 * rate), int(HOP * rate), 512
    count = 1 + (len(x) - length) // hop
    frames = x[np.arange(length)[None, :] + hop * np.arange(count)[:, None]] * np.hamming(length)
    energies = np.log(np.maximum((np.abs(np.fft.rfft(frames, nfft)) ** 2) @ mel_filters(rate, nfft).T, 1e-10))
    bands = energies.shape[1]
    dct = np.cos(np.pi / bands * (np.arange(bands)[None, :] + 0.5) * np.arange(coefficients)[:, None])
    return energies @ dct.T


def read_rttm(path):
    turns = defaultdict(list)
    for line in open(path, encoding='utf-8'):
        f = line.split()
        if f and f[0] == 'SPEAKER':
            turns[f[1]].append((float(f[3]), float(f[3]) + float(f[4]), f[7]))
    return turns


def union(turns):
    regions = []
    for start, end, _ in sorted(turns):
        if regions and start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return regions


def plan_windows(regions, window=1.5, hop=0.75):
    windows = []
    for start, end in regions:
        if end - start <= window:
            windows.append((start, end))
            continue
        count = int(np.ceil((end - start - window) / hop)) + 1
        step = (end - start - window) / (count - 1)
        windows += [(start + i * step, start + i * step + window) for i in range(count)]
    return windows


def log_det(frames, floor=1e-3):
    return np.linalg.slogdet(np.cov(frames.T, bias=True) + floor * np.eye(frames.shape[1]))[1]


def glr_distances(frames_of):
    dets = [log_det(x) for x in frames_of]
    n = len(frames_of)
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            merged = np.vstack([frames_of[i], frames_of[j]])
            total = len(merged)
            d[i, j] = d[j, i] = max(0.0, 0.5 * (total * log_det(merged) - len(frames_of[i]) * dets[i] - len(frames_of[j]) * dets[j]) / total)
    return d


def statistics_distances(cepstra, windows):
    """The pipeline's default embedding: mean and deviation of c1..c19 over the window's loud frames, standardised, cosine."""
    rows = []
    for start, end in windows:
        f = cepstra[int(start / HOP):int(np.ceil(end / HOP))]
        f = f[f[:, 0] >= f[:, 0].max() - 6]
        rows.append(np.concatenate([f[:, 1:].mean(0), f[:, 1:].std(0)]))
    e = np.array(rows)
    e = (e - e.mean(0)) / (e.std(0) + 1e-9)
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    return np.clip(1 - e @ e.T, 0, 2)


def recording(corpus, file_id, turns):
    x, rate = read_audio(corpus / f'{file_id}.wav')
    cepstra = mfcc(x, rate)
    times = np.arange(len(cepstra)) * HOP
    regions = union(turns)
    speech = np.zeros(len(cepstra), bool)
    for start, end in regions:
        speech |= (times >= start) & (times < end)
    static = cepstra[:, 1:]
    static = (static - static[speech].mean(0)) / (static[speech].std(0) + 1e-9)
    windows = plan_windows(regions)
    frames_of = [static[np.searchsorted(times, s):np.searchsorted(times, e)] for s, e in windows]
    return cepstra, windows, frames_of


def single_speaker(turns, start, end):
    """The window's speaker when one speaker alone covers at least 80 % of it, else None."""
    inside = [t for t in turns if t[0] < end and t[1] > start]
    names = {t[2] for t in inside}
    if len(names) != 1:
        return None
    covered = sum(min(end, t[1]) - max(start, t[0]) for t in inside)
    return names.pop() if covered >= 0.8 * (end - start) else None


def auc(d, labels):
    within, between = [], []
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            if labels[i] and labels[j]:
                (within if labels[i] == labels[j] else between).append(d[i, j])
    if not within or not between:
        return float('nan'), within, between
    w, b = np.array(within), np.array(between)
    return float((b[:, None] > w[None, :]).mean() + 0.5 * (b[:, None] == w[None, :]).mean()), within, between


def average_linkage_heights(d):
    d = d.astype(float).copy()
    np.fill_diagonal(d, np.inf)
    active, size, heights = list(range(len(d))), {i: 1 for i in range(len(d))}, []
    while len(active) > 1:
        sub = d[np.ix_(active, active)]
        k = int(np.argmin(sub))
        a, b = sorted((active[k // len(active)], active[k % len(active)]))
        heights.append(d[a, b])
        for j in active:
            if j not in (a, b):
                d[a, j] = d[j, a] = (size[a] * d[a, j] + size[b] * d[b, j]) / (size[a] + size[b])
        size[a] += size[b]
        active.remove(b)
        d[b, :] = d[:, b] = np.inf
    return heights


def bic_clustering_count(frames_of, penalty, dimensions=19):
    """Agglomerative clustering of one full-covariance Gaussian per cluster, stopped when ΔBIC > 0."""
    clusters = list(frames_of)
    scores = [len(c) * log_det(c) for c in clusters]
    parameters = 0.5 * (dimensions + dimensions * (dimensions + 1) / 2)
    while len(clusters) > 1:
        best = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                merged = np.vstack([clusters[i], clusters[j]])
                delta = 0.5 * (len(merged) * log_det(merged) - scores[i] - scores[j]) - penalty * parameters * np.log(len(merged))
                if best is None or delta < best[0]:
                    best = (delta, i, j, merged)
        if best[0] > 0:
            break
        _, i, j, merged = best
        clusters[i], scores[i] = merged, len(merged) * log_det(merged)
        del clusters[j], scores[j]
    return len(clusters)


def main():
    mode, corpus = sys.argv[1], Path(sys.argv[2])
    rttm = next(corpus.glob('*.rttm'))
    reference = read_rttm(rttm)
    for file_id in sorted(reference):
        turns = reference[file_id]
        speakers = sorted({t[2] for t in turns})
        cepstra, windows, frames_of = recording(corpus, file_id, turns)
        if mode == 'separability':
            labels = [single_speaker(turns, s, e) for s, e in windows]
            glr_auc, within, between = auc(glr_distances(frames_of), labels)
            stats_auc, _, _ = auc(statistics_distances(cepstra, windows), labels)
            clean = {s: sum(1 for l in labels if l == s) for s in speakers}
            q = lambda v: '/'.join(f'{x:.2f}' for x in np.percentile(v, [10, 50, 90])) if v else '-'
            print(f'{file_id}\tspeakers {len(speakers)}\twindows {len(windows)}\tsingle-speaker windows per speaker {sorted(clean.values(), reverse=True)}'
                  f'\tAUC glr {glr_auc:.2f} statistics {stats_auc:.2f}\tGLR within p10/50/90 {q(within)}\tbetween {q(between)}')
        elif mode == 'counts':
            heights = average_linkage_heights(glr_distances(frames_of))
            # ratios[j]: jump from merge j to merge j + 1; stopping before merge j + 1 leaves len(heights) - j clusters.
            ratios = [heights[i + 1] / max(heights[i], 1e-9) for i in range(len(heights) - 1)]
            considered = min(7, len(ratios))
            j = len(ratios) - considered + int(np.argmax(ratios[-considered:]))
            gap = len(heights) - j
            bic = {p: bic_clustering_count(frames_of, p) for p in (1.0, 1.5)}
            print(f'{file_id}\treference {len(speakers)}\tlargest GLR linkage gap (2-8 speakers) -> {gap} (ratio {ratios[j]:.2f})'
                  f'\tBIC clustering lambda 1.0 -> {bic[1.0]}, 1.5 -> {bic[1.5]}\tlast GLR linkage heights {[round(h, 2) for h in heights[-5:]]}')
        else:
            raise SystemExit(f'unknown mode {mode}: separability or counts')


if __name__ == '__main__':
    main()
