/**
 * Math.cos and Math.exp are not guaranteed to be monotone to the last bit, and the
 * polynomials of the launch curve round too, so a maximum read off a window's ends or a
 * peak time can sit a few units in the last place below a value inside the window. The
 * bounds of the diurnal and launch profiles are widened by this relative margin so that
 * they stay upper bounds; thinning only needs a bound, and 10⁻¹² costs nothing in
 * acceptance.
 */
export const RATE_MAX_MARGIN = 1e-12;
