// Property tests draw from a fixed seed, so a run is reproducible and CI never turns red by the
// luck of the draw; change the seed to explore new cases locally.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261124) });
