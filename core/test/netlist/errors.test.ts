import { describe, expect, test } from 'vitest';
import { errorOf } from './helpers.js';

/** Each case: netlist (title line added), then the exact `file:line:col: message`. */
const cases: Record<string, [string, string][]> = {
  'bad numbers': [
    ['* c\nR1 in out  abc', "test.cir:3:12: bad value 'abc' for R1: expected a number such as 1k or 2.2e-3"],
    ['.param rl=1k\nR1 a b rl', "test.cir:3:8: bad value 'rl' for R1: expected a number such as 1k or 2.2e-3 (to use parameter rl, write {rl})"],
    ['R1 a b 1k ic=x', "test.cir:2:14: bad value 'x' for ic of R1: expected a number such as 1k or 2.2e-3"],
    ['.model d1 d is=1e-3.5', "test.cir:2:16: bad value '1e-3.5' for is of model d1: expected a number such as 1k or 2.2e-3"],
    ['V1 a 0 SIN(0 1 fast)', "test.cir:2:16: bad value 'fast' for SIN of V1: expected a number such as 1k or 2.2e-3"],
    ['.tran 1u 1x0', "test.cir:2:10: bad value '1x0' for tstop of .tran: expected a number such as 1k or 2.2e-3"],
  ],
  'missing nodes and values': [
    ['R1 a b', 'test.cir:2:1: R1 needs 2 nodes and a value (R1 n+ n- value [name=value ...])'],
    ['C1 a', 'test.cir:2:1: C1 needs 2 nodes and a value (C1 n+ n- value [name=value ...])'],
    ['R1 a b tc1=1', 'test.cir:2:1: R1 needs 2 nodes and a value (R1 n+ n- value [name=value ...])'],
    ['V1 a', 'test.cir:2:1: V1 needs 2 nodes (V1 n+ n- [DC] value | SIN(...) | PULSE(...) | PWL(...) | EXP(...))'],
    ['D1 a k', 'test.cir:2:1: D1 needs 2 nodes and a model (D1 anode cathode model [area])'],
    ['a1 mem', 'test.cir:2:1: a1 needs nodes and a model (a1 n1 n2 model)'],
    ['YMEMRISTOR m1 a b', 'test.cir:2:1: YMEMRISTOR needs a name, 2 nodes and a model (YMEMRISTOR name n+ n- model [name=value ...])'],
    ['E1 o 0 i', 'test.cir:2:1: E1 needs 4 nodes and a gain (E1 out+ out- in+ in- gain)'],
    ['F1 o 0', 'test.cir:2:1: F1 needs 2 nodes, a controlling voltage source and a gain (F1 out+ out- vcontrol gain)'],
    ['G1 o 0 a b 1 2', "test.cir:2:14: unexpected '2' in G1: nothing follows the gain"],
    ['R1 a {1} 1', "test.cir:2:6: expected a node name in R1, found '{1}'"],
    ['R1 a b 1 tc', "test.cir:2:10: expected '=' after 'tc' in R1: write tc=value"],
    ['R1 a b 1 tc=', "test.cir:2:12: missing value after 'tc=' in R1"],
  ],
  'duplicates and references': [
    ['R1 a 0 1\n\n  r1 b 0 2', "test.cir:4:3: duplicate element name 'r1': already defined at test.cir:2:1; rename one of them"],
    ['.model dm d\n.model DM d is=1', "test.cir:3:8: duplicate model 'dm': already defined at test.cir:2:8"],
    ['D1 a 0 dmod\n.model dmx d', "test.cir:2:8: d1 uses model 'dmod' but no .model dmod is defined"],
    ['R1 a 0 1\n.dc r1 0 1 0.1', "test.cir:3:5: .dc sweeps 'r1', which is not an independent source (V or I) of this netlist"],
    ['.dc V9 0 1 0.1', "test.cir:2:5: .dc sweeps 'V9', which is not an independent source (V or I) of this netlist"],
  ],
  'unsupported elements and commands': [
    ['Q1 c b e npn', "test.cir:2:1: unsupported element 'Q1': letter Q is not supported (supported: R, C, L, V, I, D, A, YMEMRISTOR (and other Y<type> devices), E, G, F, H, X)"],
    ['R1 a 0 1\n  M1 d g s b nmos', "test.cir:3:3: unsupported element 'M1': letter M is not supported (supported: R, C, L, V, I, D, A, YMEMRISTOR (and other Y<type> devices), E, G, F, H, X)"],
    ['B1 a 0 v={1}', "test.cir:2:1: unsupported element 'B1': letter B is not supported (supported: R, C, L, V, I, D, A, YMEMRISTOR (and other Y<type> devices), E, G, F, H, X)"],
    ['YPDE m1 a b', "test.cir:2:11: m1 uses model 'b' but no .model b is defined"],
    ['YPDE m1 a', "test.cir:2:1: YPDE needs a name, nodes and a model (YPDE name node... model [name=value ...])"],
    ['1abc a b', "test.cir:2:1: expected an element or a dot-command, found '1abc'"],
    [
      '.noise v(out) v1 dec 10 1 1k',
      "test.cir:2:1: unknown dot-command '.noise': supported are .model, .param, .options, .op, .dc, .tran, .ac, .ic, .nodeset, .meas, .print, .plot, .subckt, .ends, .global, .include, .lib, .end",
    ],
  ],
  '.options': [
    ['.options =1', "test.cir:2:10: bad .options syntax at '=': write name=value or a flag name (.options reltol=1e-4 abstol=1e-12)"],
    ['.options reltol=', 'test.cir:2:16: option reltol needs a number after \'=\', found nothing'],
    ['.options method=euler', "test.cir:2:17: option method=euler: use gear (BDF2) or trap (TR-BDF2)"],
    ['.options (reltol=1)', "test.cir:2:10: bad .options syntax at '(': write name=value or a flag name (.options reltol=1e-4 abstol=1e-12)"],
  ],
  'parentheses, braces, quotes': [
    ['V1 a 0 SIN(0 1 1', "test.cir:2:11: unbalanced '(': add the matching ')'"],
    ['R1 a b 1k)', "test.cir:2:10: unbalanced ')': remove it or add the matching '('"],
    ['R1 a b {1+2', "test.cir:2:8: unbalanced '{': close the expression with '}'"],
    ['R1 a b 1+2}', "test.cir:2:11: unbalanced '}': remove it or open the expression with '{'"],
    ["R1 a b '1+2", "test.cir:2:8: unterminated quote: close it with '"],
    ['R1 a b {(1+2}', "test.cir:2:9: unbalanced '(' in expression: add the matching ')'"],
    ['R1 a b {max(1, 2}', "test.cir:2:12: unbalanced '(' in expression: add the matching ')'"],
    ['.include "a.lib', 'test.cir:2:10: unterminated file name: close it with "'],
  ],
  expressions: [
    ['R1 a b {2 * foo}', "test.cir:2:13: unknown parameter 'foo': define it with .param foo=value"],
    ['.param a=1\n.param b=a+c', "test.cir:3:12: unknown parameter 'c': define it with .param c=value"],
    ['R1 a b {1 +\n+    nope}', "test.cir:3:6: unknown parameter 'nope': define it with .param nope=value"],
    [
      'R1 a b {sinc(1)}',
      "test.cir:2:9: unknown function 'sinc': supported are sin, cos, tan, atan, sinh, cosh, tanh, exp, log, ln, log10, sqrt, abs, floor, ceil, min, max, pow",
    ],
    ['R1 a b {max(1)}', 'test.cir:2:9: max() takes 2 arguments, got 1'],
    ['R1 a b {}', 'test.cir:2:9: empty expression: write a value such as {2*r}'],
    ['R1 a b {1/0}', "test.cir:2:9: expression '1/0' is not a finite number (Infinity)"],
    ['R1 a b {1 2}', "test.cir:2:11: unexpected '2' in expression: expected an operator or the end of the expression"],
    ['R1 a b {1 +}', 'test.cir:2:12: expression ends early: expected a number, a parameter or ('],
    ['R1 a b {1 ? 1}', "test.cir:2:14: expression ends early: expected ':' of the conditional c ? a : b"],
    ['R1 a b {1 # 2}', "test.cir:2:11: unexpected '#' in expression"],
  ],
  sources: [
    ['V1 a 0 SIN(0)', 'test.cir:2:8: SIN in V1 takes 2 to 6 values: SIN(vo va [freq [td [theta [phase]]]]), got 1'],
    ['V1 a 0 PULSE(0 1 2 3 4 5 6 7 8)', 'test.cir:2:8: PULSE in V1 takes 2 to 8 values: PULSE(v1 v2 [td [tr [tf [pw [per [np]]]]]]), got 9'],
    ['I1 a 0 PWL(0 1 2)', 'test.cir:2:8: PWL in I1 takes an even number of values (time value pairs): PWL(t1 v1 t2 v2 ...), got 3'],
    ['V1 a 0 PWL(0 0 2m 1 1m 0)', 'test.cir:2:21: PWL times in V1 must not decrease: 1m comes after 2m'],
    ['V1 a 0 SIN(0 1 1) PULSE(0 1)', 'test.cir:2:19: V1 has two waveforms: keep one'],
    ['V1 a 0 SFFM(0 1 1k 5 1)', 'test.cir:2:8: waveform SFFM is not supported in V1: use SIN, PULSE, PWL or EXP'],
    ['V1 a 0 DC', 'test.cir:2:8: missing value after DC in V1: write DC 1.5'],
    ['V1 a 0 1 2', "test.cir:2:10: unexpected '2' in V1: expected [DC] value, AC, SIN(...), PULSE(...), PWL(...) or EXP(...)"],
  ],
  analyses: [
    ['.tran 1u', 'test.cir:2:1: .tran needs a step and a stop time: .tran tstep tstop [tstart [tmax]] [uic]'],
    ['.tran 1u 1m 0 1u 5', "test.cir:2:18: unexpected '5' in .tran: .tran tstep tstop [tstart [tmax]] [uic]"],
    ['.tran 0 1m', 'test.cir:2:7: .tran step must be positive, got 0'],
    ['.tran 1u 1m 2m', 'test.cir:2:10: .tran stop time must be after the start time, got 1m'],
    ['V1 a 0 1\n.dc v1 0 1', 'test.cir:3:1: .dc needs a source and start, stop and step values: .dc SOURCE start stop step'],
    ['V1 a 0 1\nV2 b 0 1\n.dc v1 0 1 0.1 v2 0 1 1', 'test.cir:4:16: nested .dc sweeps are not supported: .dc SOURCE start stop step'],
    ['V1 a 0 1\n.dc v1 0 1 -0.1', 'test.cir:3:12: .dc step -0.1 never gets from 0 to 1: give it the sign of stop - start'],
    ['.op now', "test.cir:2:5: unexpected 'now': .op takes no arguments"],
    ['.print v(a)', 'test.cir:2:8: .print needs the analysis first: .print tran|dc|op|ac v(out) i(v1) ...'],
    ['.plot noise v(a)', 'test.cir:2:7: .plot needs the analysis first: .plot tran|dc|op|ac v(out) i(v1) ...'],
    ['.print tran out', "test.cir:2:13: expected an output such as v(out) or i(v1) in .print, found 'out'"],
    ['.print tran v()', 'test.cir:2:13: v() needs a node or element name'],
    ['.print tran', 'test.cir:2:1: .print needs at least one output such as v(out)'],
  ],
  'lines and .param': [
    ['+ R1 a b 1', "test.cir:2:1: continuation line '+' has nothing to continue: join it to a card or remove the '+'"],
    ['.param', 'test.cir:2:1: .param needs name=value pairs (.param r=1k c={2*r})'],
    ['.param 2=3', "test.cir:2:8: unexpected '2' in .param: expected name=value"],
  ],
};

describe.each(Object.entries(cases))('errors: %s', (_, list) => {
  test.each(list)('%s', (text, expected) => {
    expect(errorOf(`t\n${text}`)).toBe(expected);
  });
});
