# Wall time of R's cox.zph (transform "km", per term and global) on the fit of r_cox_timing.R's shape: n = 100,000,
# 5 covariates, integer days, Efron. Writes the data to the CSV that CoxZphBenchmark (JMH) reads, so both test exactly
# the same rows.
#   Rscript r_cox_zph_timing.R [/tmp/followup-cox-zph-100k.csv] [runs]
# Prints each run's elapsed time and the median (the fit itself is not timed).
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "/tmp/followup-cox-zph-100k.csv"
runs <- if (length(args) >= 2) as.integer(args[2]) else 9
set.seed(20240501)
n <- 1e5
x1 <- as.numeric(runif(n) < 0.5)
x2 <- round(60 + 10 * rnorm(n), 1)
x3 <- as.numeric(runif(n) < 0.3)
x4 <- round(rnorm(n), 3)
x5 <- round(100 * runif(n), 2)
lp <- 0.5 * x1 + 0.02 * (x2 - 60) + 0.3 * x3 - 0.2 * x4 + 0.005 * x5
t <- ceiling(-log(runif(n)) / (0.0005 * exp(lp)))
cens <- ceiling(1 + 3649 * runif(n))
d <- data.frame(time = pmin(t, cens), status = as.numeric(t <= cens), x1, x2, x3, x4, x5)
# The same seed gives the same rows: an existing file is kept (writing 2 x 10^6 rows takes a while).
if (!file.exists(out)) write.csv(d, out, row.names = FALSE)
fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d)
el <- numeric(runs)
for (i in seq_len(runs)) {
  el[i] <- system.time(z <- cox.zph(fit))["elapsed"]
}
cat("R", R.version$major, R.version$minor, "survival", as.character(packageVersion("survival")), "\n")
cat("events", fit$nevent, "global_chisq", sprintf("%.10g", z$table["GLOBAL", "chisq"]), "\n")
cat("elapsed_s", sprintf("%.3f", el), "\n")
cat("median_elapsed_s", sprintf("%.3f", median(el)), "\n")
