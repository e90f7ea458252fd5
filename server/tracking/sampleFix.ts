// A clean fix near Xigang for the tracking unit tests, with what a test changes in `over`.
import type { Fix } from './fix.ts';

export const sampleFix = (over: Partial<Fix> = {}): Fix => ({
  fixTime: new Date(0),
  lat: 35.0,
  lon: 117.1,
  accuracy: 5,
  speed: null,
  heading: null,
  altitude: null,
  battery: null,
  attributes: {},
  ...over,
});
