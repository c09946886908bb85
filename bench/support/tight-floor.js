// The serving floor written for speed alone (issue 15's 1,000 requests/s target): the same exact model as
// bench/serving-floor.js's bare loop — continuous batching, a prompt prefilled whole in the iteration that admits it,
// one event per stretch of pure-decode iterations, an admissible arrival cutting the stretch at the next iteration
// boundary, least-loaded routing with ties to the lowest index, KV reserved for prompt + output — with every
// per-request structure in typed arrays (no object per request), the two indexed heaps specialised (no comparison
// closures) and the completion heaps flat per replica. It must serve the same requests as the bare loop and report
// the same figures; what it costs per request is how low an exact per-request model of this kind goes in Node.
import { DDSketch } from '@datadog/sketches-js';
import { stretchEnds } from './stretch-ends.js';

/**
 * @param {object} o
 * @param {object} o.replica the product's replica model
 * @param {(replica: object, decode: number, context: number, prefill: number, prefillContext: number) => number} o.iterationDuration
 * @param {(replica: object, decode: number) => number} o.decodeGrowth
 * @param {() => number} o.gap @param {() => number} o.nextIn @param {() => number} o.nextOut
 */
export function tightFloorRun({ replica, iterationDuration, decodeGrowth, gap, nextIn, nextOut, replicas: R, maxBatch, kvTokens, horizon, warmup }) {
  const CAP = 1 << 21;
  const MASK = CAP - 1;
  const arrival = new Float64Array(CAP);
  const inputOf = new Int32Array(CAP);
  const outputOf = new Int32Array(CAP);
  const firstToken = new Float64Array(CAP);
  let nextId = 0;

  const WCAP = 1 << 14;
  const WMASK = WCAP - 1;
  const waiting = new Int32Array(R * WCAP);
  const wHead = new Int32Array(R);
  const wTail = new Int32Array(R);
  // completion heap per replica: finish iteration and request id, maxBatch slots each
  const aKey = new Float64Array(R * maxBatch);
  const aId = new Int32Array(R * maxBatch);
  const aSize = new Int32Array(R);
  const admitted = new Int32Array(R * maxBatch);
  const aCount = new Int32Array(R);
  const kvReserved = new Float64Array(R);
  const contextSum = new Float64Array(R);
  const iterations = new Float64Array(R);
  const busy = new Uint8Array(R);
  const prefilling = new Uint8Array(R);
  const prefillEnd = new Float64Array(R);
  const prefillDecoding = new Int32Array(R);
  const runStart = new Float64Array(R);
  const runFirst = new Float64Array(R);
  const runGrowth = new Float64Array(R);
  const stretch = new Int32Array(R);
  const sequences = new Int32Array(R);
  const load = new Int32Array(R);
  const due = new Float64Array(R).fill(Infinity);
  // indexed heaps over replica indices: the router by load, the events by due time, ties to the lower index
  const rHeap = new Int32Array(R);
  const rAt = new Int32Array(R);
  const eHeap = new Int32Array(R);
  const eAt = new Int32Array(R);
  for (let r = 0; r < R; r++) ((rHeap[r] = r), (rAt[r] = r), (eHeap[r] = r), (eAt[r] = r));

  const ttft = new DDSketch({ relativeAccuracy: 0.01 });
  const tpot = new DDSketch({ relativeAccuracy: 0.01 });
  const e2e = new DDSketch({ relativeAccuracy: 0.01 });
  let ttftSum = 0;
  let ttftCount = 0;
  let completed = 0;
  let eventCount = 0;
  let now = 0;

  const loadLess = (a, b) => load[a] < load[b] || (load[a] === load[b] && a < b);
  function routerFix(r) {
    let i = rAt[r];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = rHeap[p];
      if (!loadLess(r, q)) break;
      rHeap[i] = q;
      rAt[q] = i;
      i = p;
    }
    for (;;) {
      let c = 2 * i + 1;
      if (c >= R) break;
      if (c + 1 < R && loadLess(rHeap[c + 1], rHeap[c])) c++;
      const q = rHeap[c];
      if (!loadLess(q, r)) break;
      rHeap[i] = q;
      rAt[q] = i;
      i = c;
    }
    rHeap[i] = r;
    rAt[r] = i;
  }
  const dueLess = (a, b) => due[a] < due[b] || (due[a] === due[b] && a < b);
  function eventsFix(r) {
    let i = eAt[r];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = eHeap[p];
      if (!dueLess(r, q)) break;
      eHeap[i] = q;
      eAt[q] = i;
      i = p;
    }
    for (;;) {
      let c = 2 * i + 1;
      if (c >= R) break;
      if (c + 1 < R && dueLess(eHeap[c + 1], eHeap[c])) c++;
      const q = eHeap[c];
      if (!dueLess(q, r)) break;
      eHeap[i] = q;
      eAt[q] = i;
      i = c;
    }
    eHeap[i] = r;
    eAt[r] = i;
  }
  function activePush(r, key, id) {
    const base = r * maxBatch;
    let i = aSize[r]++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (aKey[base + p] <= key) break;
      aKey[base + i] = aKey[base + p];
      aId[base + i] = aId[base + p];
      i = p;
    }
    aKey[base + i] = key;
    aId[base + i] = id;
  }
  function activePop(r) {
    const base = r * maxBatch;
    const top = aId[base];
    const n = --aSize[r];
    if (n === 0) return top;
    const key = aKey[base + n];
    const id = aId[base + n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && aKey[base + c + 1] < aKey[base + c]) c++;
      if (aKey[base + c] >= key) break;
      aKey[base + i] = aKey[base + c];
      aId[base + i] = aId[base + c];
      i = c;
    }
    aKey[base + i] = key;
    aId[base + i] = id;
    return top;
  }

  const { stretchEnd, stretchEndedBy } = stretchEnds({ runStart, runFirst, runGrowth, prefilling, prefillEnd, stretch });
  function canAdmit(r) {
    if (wHead[r] === wTail[r]) return false;
    const id = waiting[r * WCAP + (wHead[r] & WMASK)] & MASK;
    return aSize[r] + aCount[r] < maxBatch && kvReserved[r] + inputOf[id] + outputOf[id] <= kvTokens;
  }

  function iterate(r) {
    if (busy[r]) return;
    const decoding = aSize[r];
    let prefill = 0;
    let completing = 0;
    while (canAdmit(r)) {
      const id = waiting[r * WCAP + (wHead[r]++ & WMASK)];
      const s = id & MASK;
      kvReserved[r] += inputOf[s] + outputOf[s];
      admitted[r * maxBatch + aCount[r]++] = id;
      prefill += inputOf[s];
      completing += inputOf[s] + 1;
      activePush(r, iterations[r] + outputOf[s], id);
    }
    const all = aSize[r];
    if (all === 0) return;
    busy[r] = 1;
    stretch[r] = aKey[r * maxBatch] - iterations[r];
    sequences[r] = all;
    prefilling[r] = aCount[r] > 0 ? 1 : 0;
    if (prefilling[r]) {
      prefillDecoding[r] = decoding;
      prefillEnd[r] = now + iterationDuration(replica, decoding, contextSum[r], prefill, 0);
      runStart[r] = prefillEnd[r];
      runFirst[r] = iterationDuration(replica, all, contextSum[r] + decoding + completing, 0);
    } else {
      runStart[r] = now;
      runFirst[r] = iterationDuration(replica, all, contextSum[r], 0);
    }
    runGrowth[r] = decodeGrowth(replica, all);
    due[r] = stretchEnd(r, stretch[r]);
    eventsFix(r);
  }

  function endStretch(r) {
    if (prefilling[r]) {
      const t = prefillEnd[r];
      iterations[r]++;
      contextSum[r] += prefillDecoding[r];
      const base = r * maxBatch;
      for (let k = 0, n = aCount[r]; k < n; k++) {
        const s = admitted[base + k] & MASK;
        firstToken[s] = t;
        const a = arrival[s];
        if (a >= warmup) {
          const wait = t - a;
          ttft.accept(wait);
          ttftSum += wait;
          ttftCount++;
        }
        contextSum[r] += inputOf[s] + 1;
      }
      aCount[r] = 0;
      prefilling[r] = 0;
      stretch[r]--;
    }
    busy[r] = 0;
    iterations[r] += stretch[r];
    contextSum[r] += sequences[r] * stretch[r];
    const base = r * maxBatch;
    while (aSize[r] > 0 && aKey[base] === iterations[r]) {
      const s = activePop(r) & MASK;
      const output = outputOf[s];
      contextSum[r] -= inputOf[s] + output;
      kvReserved[r] -= inputOf[s] + output;
      load[r]--;
      if (now >= warmup) completed++;
      const a = arrival[s];
      if (a >= warmup) {
        if (output > 1) tpot.accept((now - firstToken[s]) / (output - 1));
        e2e.accept(now - a);
      }
    }
    if (aSize[r] === 0) contextSum[r] = 0;
    routerFix(r);
    due[r] = Infinity;
    eventsFix(r);
    iterate(r);
  }

  function arrive() {
    const input = Math.max(1, Math.round(nextIn()));
    const output = Math.max(1, Math.round(nextOut()));
    if (input + output > kvTokens) return;
    const r = rHeap[0];
    const id = nextId++;
    const s = id & MASK;
    arrival[s] = now;
    inputOf[s] = input;
    outputOf[s] = output;
    if (wTail[r] - wHead[r] >= WCAP) throw new Error('a waiting queue outgrew the floor loop');
    waiting[r * WCAP + (wTail[r]++ & WMASK)] = id;
    load[r]++;
    routerFix(r);
    if (!busy[r]) return iterate(r);
    if (!canAdmit(r)) return;
    const k = stretchEndedBy(r, now) + 1;
    if (k >= stretch[r]) return;
    stretch[r] = k;
    due[r] = stretchEnd(r, k);
    eventsFix(r);
  }

  let nextArrival = Math.max(0, gap());
  for (;;) {
    const r = eHeap[0];
    const t = due[r];
    if (nextArrival < t) {
      if (nextArrival > horizon) break;
      now = nextArrival;
      eventCount++;
      arrive();
      nextArrival = now + Math.max(0, gap());
      continue;
    }
    if (t > horizon) break;
    now = t;
    eventCount++;
    endStretch(r);
  }
  return { completed, events: eventCount, ttftMean: ttftSum / ttftCount, ttftP50: ttft.getValueAtQuantile(0.5), tpotP50: tpot.getValueAtQuantile(0.5), e2eP50: e2e.getValueAtQuantile(0.5) };
}
