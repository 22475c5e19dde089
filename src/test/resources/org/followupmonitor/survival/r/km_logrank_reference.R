# Reference numbers for KaplanMeierReferenceTest and LogRankReferenceTest.
# Run from this directory:  Rscript km_logrank_reference.R
# Writes km_logrank_reference.txt (key=comma-separated values, %.17g) and the input data
# lung.csv / veteran.csv exactly as used, so the Java tests read the same rows.
# R 4.2, survival 3.5-x (version written into the output).
suppressMessages(library(survival))

out <- file("km_logrank_reference.txt", "w")
fmt <- function(x) {
  x <- as.numeric(x)
  ifelse(is.na(x) & !is.nan(x), "NA", ifelse(is.nan(x), "NaN",
    ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x))))
}
put <- function(key, x) writeLines(paste0(key, "=", paste(fmt(x), collapse = ",")), out)
writeLines(paste0("# R ", R.version.string, "; survival ", packageVersion("survival")), out)

lung0 <- survival::lung
lung <- data.frame(time = lung0$time, status = lung0$status - 1, sex = lung0$sex,
                   ph_ecog = lung0$ph.ecog, age = lung0$age)
write.csv(lung, "lung.csv", row.names = FALSE, na = "NA")
vet <- survival::veteran
vet <- data.frame(time = vet$time, status = vet$status, celltype = as.integer(vet$celltype),
                  prior = as.integer(vet$prior == 10), trt = vet$trt)
write.csv(vet, "veteran.csv", row.names = FALSE)

# ---- Kaplan-Meier curves: survfit(Surv(time, status) ~ 1) on a data subset ----------------
kmcurve <- function(prefix, fit) {
  put(paste0(prefix, ".time"), fit$time)
  put(paste0(prefix, ".n.risk"), fit$n.risk)
  put(paste0(prefix, ".n.event"), fit$n.event)
  put(paste0(prefix, ".n.censor"), fit$n.censor)
  put(paste0(prefix, ".surv"), fit$surv)
  put(paste0(prefix, ".std.err"), fit$std.err)
  put(paste0(prefix, ".cumhaz"), fit$cumhaz)
  put(paste0(prefix, ".std.chaz"), fit$std.chaz)
}
kmall <- function(prefix, time, status, weights = NULL, times = NULL, rmean = NULL) {
  d <- data.frame(time = time, status = status)
  d$w <- if (is.null(weights)) rep(1, length(time)) else weights
  for (ct in c("log", "log-log", "plain")) {
    for (lv in c(0.95, 0.90)) {
      fit <- survfit(Surv(time, status) ~ 1, data = d, weights = w, conf.type = ct, conf.int = lv)
      key <- paste0(prefix, ".", ct, ".", lv)
      if (ct == "log" && lv == 0.95) kmcurve(prefix, fit)
      put(paste0(key, ".lower"), fit$lower)
      put(paste0(key, ".upper"), fit$upper)
      tab <- summary(fit)$table
      put(paste0(key, ".median"), tab[c("median", paste0(lv, "LCL"), paste0(lv, "UCL"))])
      q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
      put(paste0(key, ".quantile.est"), q$quantile)
      put(paste0(key, ".quantile.lower"), q$lower)
      put(paste0(key, ".quantile.upper"), q$upper)
      if (!is.null(times)) {
        for (ext in c(FALSE, TRUE)) {
          s <- summary(fit, times = times, extend = ext)
          k2 <- paste0(key, ".summary.", if (ext) "extend" else "noextend")
          put(paste0(k2, ".time"), s$time)
          put(paste0(k2, ".n.risk"), s$n.risk)
          put(paste0(k2, ".n.event"), s$n.event)
          put(paste0(k2, ".n.censor"), s$n.censor)
          put(paste0(k2, ".surv"), s$surv)
          put(paste0(k2, ".std.err"), s$std.err)
          put(paste0(k2, ".lower"), s$lower)
          put(paste0(k2, ".upper"), s$upper)
          put(paste0(k2, ".cumhaz"), s$cumhaz)
        }
      }
    }
  }
  if (!is.null(rmean)) {
    fit <- survfit(Surv(time, status) ~ 1, data = d, weights = w)
    for (tau in rmean) {
      tab <- summary(fit, rmean = tau)$table
      put(paste0(prefix, ".rmean.", tau), tab[c("rmean", "se(rmean)")])
    }
  }
}
milestones <- c(0, 5, 100, 365, 730, 1000, 2000)
for (s in 1:2) {
  sub <- lung[lung$sex == s, ]
  kmall(paste0("lung.sex", s), sub$time, sub$status, times = milestones, rmean = c(365, 730, 1500))
}
kmall("lung.all", lung$time, lung$status, times = milestones, rmean = c(500))
# Case weights: integer and real.
kmall("lung.wint", lung$time, lung$status, weights = 1 + lung$age %% 3, times = milestones, rmean = c(365))
kmall("lung.wreal", lung$time, lung$status, weights = lung$age / 60, times = milestones, rmean = c(365))
# Hand-made: S hits 0.5 on a flat stretch, then drops (median = midpoint 25); last time n == d.
kmall("hand.midpoint", c(10, 20, 30, 40), c(1, 1, 1, 1), times = c(5, 20, 35, 40), rmean = c(40, 50))
# Hand-made: the curve ends flat at 0.5 (quantile: midpoint with the last time; print: 10).
kmall("hand.flatend", c(5, 10, 15, 20), c(1, 1, 0, 0), times = c(10, 20), rmean = c(20))
# Hand-made: ties of events and censorings at one time, and a censoring before the first event.
kmall("hand.ties", c(1, 3, 3, 3, 4, 6, 6, 8, 9, 9), c(0, 1, 1, 0, 1, 0, 1, 1, 0, 0), times = c(0, 3, 6, 9),
      rmean = c(7))
# Hand-made: R's timefix merges 1 and 1 + 1e-9 (absolute) and 3 and 3 + 2e-8 (relative to the mean time).
kmall("hand.timefix", c(1, 1 + 1e-9, 2, 3, 3 + 2e-8, 4), c(1, 1, 0, 1, 0, 1), times = c(1, 3), rmean = c(4))
# ---- survdiff -------------------------------------------------------------------------------
sd <- function(key, fit) {
  put(paste0(key, ".n"), fit$n)
  obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  ex <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  put(paste0(key, ".obs"), obs)
  put(paste0(key, ".exp"), ex)
  put(paste0(key, ".var"), c(fit$var))
  put(paste0(key, ".chisq"), fit$chisq)
  df <- sum(ex > 0) - 1
  put(paste0(key, ".df"), df)
  put(paste0(key, ".p"), pchisq(fit$chisq, df, lower.tail = FALSE))
}
sd("lr.lung.sex", survdiff(Surv(time, status) ~ sex, data = lung))
sd("lr.lung.sex.rho1", survdiff(Surv(time, status) ~ sex, data = lung, rho = 1))
sd("lr.lung.sex.rho0.5", survdiff(Surv(time, status) ~ sex, data = lung, rho = 0.5))
lungE <- lung[!is.na(lung$ph_ecog), ]
sd("lr.lung.sex.ecog", survdiff(Surv(time, status) ~ sex + strata(ph_ecog), data = lungE))
sd("lr.lung.sex.ecog.rho1", survdiff(Surv(time, status) ~ sex + strata(ph_ecog), data = lungE, rho = 1))
sd("lr.vet.celltype", survdiff(Surv(time, status) ~ celltype, data = vet))
sd("lr.vet.celltype.rho1", survdiff(Surv(time, status) ~ celltype, data = vet, rho = 1))
sd("lr.vet.celltype.prior", survdiff(Surv(time, status) ~ celltype + strata(prior), data = vet))
sd("lr.vet.trt.celltype", survdiff(Surv(time, status) ~ trt + strata(celltype), data = vet))
# Horizon-restricted: everyone administratively censored at the milestone.
for (h in c(180, 365, 730)) {
  l2 <- lung
  l2$status <- ifelse(l2$time > h, 0, l2$status)
  l2$time <- pmin(l2$time, h)
  sd(paste0("lr.lung.sex.h", h), survdiff(Surv(time, status) ~ sex, data = l2))
  v2 <- vet
  v2$status <- ifelse(v2$time > h, 0, v2$status)
  v2$time <- pmin(v2$time, h)
  sd(paste0("lr.vet.celltype.h", h), survdiff(Surv(time, status) ~ celltype, data = v2))
}
# Small random samples (half-unit times with ties, heavy censoring): non-monotone upper CI curves,
# quantile limits that are NA. The data are printed too, so the Java test reads the same rows.
set.seed(20261127)
for (i in 1:6) {
  n <- c(8, 15, 30, 60, 120, 25)[i]
  tt <- round(rexp(n, 0.1) * 2) / 2
  st <- rbinom(n, 1, c(0.4, 0.6, 0.8, 0.5, 0.7, 1)[i])
  put(paste0("rand", i, ".data.time"), tt)
  put(paste0("rand", i, ".data.status"), st)
  kmall(paste0("rand", i), tt, st, times = c(1, 5, 10, 20), rmean = c(15))
  g <- rep(0:2, length.out = n)[sample.int(n)]
  s <- rbinom(n, 1, 0.5)
  put(paste0("rand", i, ".data.group"), g)
  put(paste0("rand", i, ".data.stratum"), s)
  # survdiff stops on a singular variance (R uses solve()); such samples get no reference.
  for (rho in c(0, 1)) {
    fit <- tryCatch(survdiff(Surv(tt, st) ~ g + strata(s), rho = rho), error = function(e) NULL)
    if (!is.null(fit)) sd(paste0("lr.rand", i, ".rho", rho), fit)
  }
}

# Milestone z-test on the difference of two KM survivals (Greenwood se of S).
fit <- survfit(Surv(time, status) ~ sex, data = lung)
for (t in c(180, 365, 730)) {
  s <- summary(fit, times = t)
  z <- (s$surv[1] - s$surv[2]) / sqrt(s$std.err[1]^2 + s$std.err[2]^2)
  put(paste0("ms.lung.sex.", t), c(s$surv[1], s$surv[2], s$std.err[1], s$std.err[2], z,
                                    2 * pnorm(-abs(z))))
}
put("qnorm.0.975", qnorm(0.975))
close(out)
