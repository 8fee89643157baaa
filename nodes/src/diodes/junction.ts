/** Shared junction physics (SPICE conventions). */

// The constants ngspice uses (const.h), so thermal voltages agree to the last digit.
export const BOLTZMANN = 1.38064852e-23;
export const CHARGE = 1.6021766208e-19;
export const REFTEMP = 300.15;
export const THERMAL_VOLTAGE = (BOLTZMANN * REFTEMP) / CHARGE;

/**
 * SPICE's pnjlim: limits the change of a junction voltage between Newton iterations so the
 * exponential cannot overflow or overshoot (Nagel 1975).
 */
export function pnjlim(vnew: number, vold: number, vt: number, vcrit: number): number {
  if (vnew > vcrit && Math.abs(vnew - vold) > vt + vt) {
    if (vold > 0) {
      const arg = 1 + (vnew - vold) / vt;
      return arg > 0 ? vold + vt * Math.log(arg) : vcrit;
    }
    return vt * Math.log(vnew / vt);
  }
  return vnew;
}
