/**
 * Synthetic registries shaped like the reference study (Soomro et al. 2021): {@link
 * org.followupmonitor.synthetic.StudyCohortGenerator} writes one CSV row per patient in the registry
 * import layout, seeded and deterministic, streaming any size. The bundled
 * {@code examples/study-cohort.csv} is {@code StudyCohortParameters.study(2021)}; its shape as R
 * sees it is in {@code src/test/resources/org/followupmonitor/synthetic/r/study-cohort-shape.out}.
 */
package org.followupmonitor.synthetic;
