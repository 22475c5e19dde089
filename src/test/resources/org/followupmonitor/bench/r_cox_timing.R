# Wall time of R's coxph (Efron) on the shape of CoxBenchmark: n = 100,000, 5 covariates, integer days.
#   Rscript r_cox_timing.R
# Prints each run's elapsed time and the median. coxph computes the concordance as part of the fit, as the
# Java fit does.
suppressPackageStartupMessages(library(survival))
set.seed(20240501)
n <- 1e5
x1 <- as.numeric(runif(n) < 0.5)
x2 <- 60 + 10 * rnorm(n)
x3 <- as.numeric(runif(n) < 0.3)
x4 <- rnorm(n)
x5 <- 100 * runif(n)
lp <- 0.5 * x1 + 0.02 * (x2 - 60) + 0.3 * x3 - 0.2 * x4 + 0.005 * x5
t <- ceiling(-log(runif(n)) / (0.0005 * exp(lp)))
cens <- ceiling(1 + 3649 * runif(n))
d <- data.frame(time = pmin(t, cens), status = as.numeric(t <= cens), x1, x2, x3, x4, x5)
runs <- 9
el <- numeric(runs)
for (i in seq_len(runs)) {
  el[i] <- system.time(fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d))["elapsed"]
}
cat("R", R.version$major, R.version$minor, "survival", as.character(packageVersion("survival")), "\n")
cat("events", fit$nevent, "iter", fit$iter, "\n")
cat("elapsed_s", sprintf("%.3f", el), "\n")
cat("median_elapsed_s", sprintf("%.3f", median(el)), "\n")
