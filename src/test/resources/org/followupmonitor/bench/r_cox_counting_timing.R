# Wall time of R's coxph (Efron) on (start, stop] data: 10^6 subjects, about 2 x 10^6 intervals, 5 covariates
# (x3 changes once during follow-up, on or off at random, as a time-varying treatment). Writes the data to the CSV that CoxCountingBenchmark
# (JMH) reads, so both fit exactly the same rows.
#   Rscript r_cox_counting_timing.R [/tmp/followup-cox-counting-1m.csv] [runs]
# Prints each run's elapsed time and the median. coxph computes the concordance as part of the fit, as the Java fit
# does.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "/tmp/followup-cox-counting-1m.csv"
runs <- if (length(args) >= 2) as.integer(args[2]) else 5
set.seed(20260816)
n <- 1e6
x1 <- as.numeric(runif(n) < 0.5)
x2 <- round(60 + 10 * rnorm(n), 1)
x4 <- round(rnorm(n), 3)
x5 <- round(100 * runif(n), 2)
lp <- 0.5 * x1 + 0.02 * (x2 - 60) - 0.2 * x4 + 0.005 * x5
t <- ceiling(-log(runif(n)) / (0.0005 * exp(lp)))
cens <- ceiling(1 + 3649 * runif(n))
stop <- pmin(t, cens)
status <- as.numeric(t <= cens)
# x3 changes at a day inside follow-up for most subjects: two intervals, (0, s] with x3 = b and (s, stop] with 1 - b.
b <- as.numeric(runif(n) < 0.5)
s <- ceiling(runif(n) * 0.95 * stop)
split <- s > 0 & s < stop
id <- c(seq_len(n), which(split))
d <- data.frame(
  tstart = c(rep(0, n), s[split]),
  tstop = c(ifelse(split, s, stop), stop[split]),
  status = c(ifelse(split, 0, status), status[split]),
  x1 = x1[id], x2 = x2[id], x3 = c(b, 1 - b[split]), x4 = x4[id], x5 = x5[id])
d <- d[order(id), ]
# The same seed gives the same rows: an existing file is kept (writing 2 x 10^6 rows takes a while).
if (!file.exists(out)) write.csv(d, out, row.names = FALSE)
el <- numeric(runs)
for (i in seq_len(runs)) {
  el[i] <- system.time(fit <- coxph(Surv(tstart, tstop, status) ~ x1 + x2 + x3 + x4 + x5, data = d))["elapsed"]
}
cat("R", R.version$major, R.version$minor, "survival", as.character(packageVersion("survival")), "\n")
cat("subjects", n, "intervals", nrow(d), "events", fit$nevent, "iter", fit$iter, "\n")
cat("coef", sprintf("%.10g", coef(fit)), "\n")
cat("elapsed_s", sprintf("%.3f", el), "\n")
cat("median_elapsed_s", sprintf("%.3f", median(el)), "\n")
