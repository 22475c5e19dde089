# Reference numbers for AalenJohansenReferenceTest and GrayTestReferenceTest.
# Run from this directory:  Rscript competing_risks_reference.R
# Writes competing_risks_reference.txt (key=comma-separated values, %.17g; NA/NaN/Inf spelled out) and the
# input data sets cr_*.csv exactly as used (time, status 0 = censored / 1..k = cause, group, stratum), so the
# Java tests read the same rows. R 4.2, survival 3.5-x, cmprsk 2.2-x (versions written into the output).
suppressMessages({ library(survival); library(cmprsk) })

out <- file("competing_risks_reference.txt", "w")
fmt <- function(x) {
  x <- as.numeric(x)
  ifelse(is.na(x) & !is.nan(x), "NA", ifelse(is.nan(x), "NaN",
    ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x))))
}
put <- function(key, x) writeLines(paste0(key, "=", paste(fmt(x), collapse = ",")), out)
writeLines(paste0("# ", R.version.string, "; survival ", packageVersion("survival"), "; cmprsk ",
                  packageVersion("cmprsk")), out)

# ---- data sets -------------------------------------------------------------------------------------------
# pbc: status 1 = transplant, 2 = death; trt (1, 2; 106 rows without trt dropped); strata sex; edema groups.
p0 <- survival::pbc
p0 <- p0[!is.na(p0$trt), ]
pbc <- data.frame(time = p0$time, status = p0$status, group = p0$trt - 1,
                  stratum = as.integer(p0$sex == "f"), edema = match(p0$edema, c(0, 0.5, 1)) - 1)
# mgus2: first of progression (1) or death (2), months; group sex (F = 0, M = 1); strata age >= 70.
m0 <- survival::mgus2
mg <- data.frame(time = ifelse(m0$pstat == 1, m0$ptime, m0$futime),
                 status = ifelse(m0$pstat == 1, 1, 2 * m0$death),
                 group = as.integer(m0$sex == "M"), stratum = as.integer(m0$age >= 70))
# Synthetic, 3 causes, 3 groups, 2 strata, whole days 0..40: heavy ties, events and censorings at time 0 and
# at the same days, cause 3 never occurs in group 2, group 1 has no subject in stratum 1.
set.seed(17)
n <- 240
g <- sample(0:2, n, replace = TRUE)
s <- ifelse(g == 1, 0L, sample(0:1, n, replace = TRUE))
t <- sample(0:40, n, replace = TRUE)
st <- sample(0:3, n, replace = TRUE, prob = c(0.35, 0.3, 0.2, 0.15))
st[g == 2 & st == 3] <- 1
syn <- data.frame(time = t, status = st, group = g, stratum = s)
# Small hand-made set: a time-0 event, censoring tied with events, everyone has failed by the end in group 0
# (event-free probability 0 there, the log interval undefined).
tiny <- data.frame(time = c(0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 0, 2, 2, 2, 5, 9, 9, 12),
                   status = c(1, 0, 1, 2, 0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0, 1, 2, 0, 1),
                   group = c(rep(0, 12), rep(1, 8)), stratum = 0)
tiny$status[tiny$group == 0 & tiny$time == 5 & tiny$status == 0] <- 1
tiny$status[tiny$group == 0 & tiny$time == 1 & tiny$status == 0] <- 2
write.csv(pbc, "cr_pbc.csv", row.names = FALSE)
write.csv(mg, "cr_mgus2.csv", row.names = FALSE)
write.csv(syn, "cr_synth.csv", row.names = FALSE)
write.csv(tiny, "cr_tiny.csv", row.names = FALSE)

# ---- Aalen-Johansen: survfit(Surv(time, factor(status, 0:k)) ~ group), each group's curves --------------
ajcurve <- function(prefix, f) {
  put(paste0(prefix, ".time"), f$time)
  put(paste0(prefix, ".n.risk"), f$n.risk[, 1])
  put(paste0(prefix, ".n.censor"), f$n.censor)
  for (j in seq_along(f$states)) {
    st <- j - 1
    put(paste0(prefix, ".n.event.", st), f$n.event[, j])
    put(paste0(prefix, ".pstate.", st), f$pstate[, j])
    put(paste0(prefix, ".std.err.", st), f$std.err[, j])
  }
}
ajall <- function(name, d, k, times, probs = c(0.1, 0.25, 0.5)) {
  for (ci in list(c("log", 0.95), c("log-log", 0.95), c("plain", 0.95), c("log", 0.90))) {
    ct <- ci[1]
    lv <- as.numeric(ci[2])
    {
      fit <- survfit(Surv(time, factor(status, 0:k)) ~ group, data = d, conf.type = ct, conf.int = lv)
      groups <- sort(unique(d$group))
      for (gi in seq_along(groups)) {
        f <- fit[gi, ]
        prefix <- paste0("aj.", name, ".g", groups[gi])
        key <- paste0(prefix, ".", ct, ".", lv)
        if (ct == "log" && lv == 0.95) ajcurve(prefix, f)
        for (j in seq_along(f$states)) {
          put(paste0(key, ".lower.", j - 1), f$lower[, j])
          put(paste0(key, ".upper.", j - 1), f$upper[, j])
        }
        for (ext in c(FALSE, TRUE)) {
          sm <- summary(f, times = times, extend = ext)
          k2 <- paste0(key, ".summary.", if (ext) "extend" else "noextend")
          put(paste0(k2, ".time"), sm$time)
          put(paste0(k2, ".n.risk"), sm$n.risk[, 1])
          put(paste0(k2, ".n.censor"), sm$n.censor)
          for (j in seq_along(f$states)) {
            put(paste0(k2, ".n.event.", j - 1), sm$n.event[, j])
            put(paste0(k2, ".pstate.", j - 1), sm$pstate[, j])
            put(paste0(k2, ".std.err.", j - 1), sm$std.err[, j])
            put(paste0(k2, ".lower.", j - 1), sm$lower[, j])
            put(paste0(k2, ".upper.", j - 1), sm$upper[, j])
          }
        }
        # quantile() refuses multi-state fits; its rule applied to 1 - incidence as a survival curve.
        for (j in 2:length(f$states)) {
          sf <- list(time = f$time, surv = 1 - f$pstate[, j], upper = 1 - f$lower[, j],
                     lower = 1 - f$upper[, j], n = f$n)
          class(sf) <- "survfit"
          q <- quantile(sf, probs = probs)
          put(paste0(key, ".quantile.", j - 1, ".est"), q$quantile)
          put(paste0(key, ".quantile.", j - 1, ".lower"), q$lower)
          put(paste0(key, ".quantile.", j - 1, ".upper"), q$upper)
        }
      }
    }
  }
}
ajall("pbc", pbc, 2, c(0, 365, 1000, 1826, 3652, 5000))
ajall("mgus2", mg, 2, c(0, 12, 60, 120, 240, 500))
ajall("synth", syn, 3, c(0, 1, 5, 10, 20, 30, 40, 50))
ajall("tiny", tiny, 2, c(0, 1, 2, 4.5, 8, 10, 12, 20))
# Pooled (one curve): survfit(... ~ 1).
pooled <- survfit(Surv(time, factor(status, 0:2)) ~ 1, data = pbc)
ajcurve("aj.pbc.pooled", pooled)

# ---- Gray's test: cuminc(ftime, fstatus, group, strata, rho, cencode = 0)$Tests --------------------------
gray <- function(key, time, status, group, strata, rho = 0) {
  ci <- if (missing(strata)) cuminc(time, status, group, rho = rho, cencode = 0)
        else cuminc(time, status, group, strata, rho = rho, cencode = 0)
  tt <- ci$Tests
  put(paste0(key, ".causes"), as.numeric(rownames(tt)))
  put(paste0(key, ".stat"), tt[, "stat"])
  put(paste0(key, ".df"), tt[, "df"])
  # cuminc prints 1 - pchisq(); the upper tail keeps tiny p-values.
  put(paste0(key, ".pv"), ifelse(tt[, "stat"] < 0, NA, pchisq(tt[, "stat"], tt[, "df"], lower.tail = FALSE)))
}
gray("gray.pbc.trt", pbc$time, pbc$status, pbc$group)
gray("gray.pbc.trt.strata", pbc$time, pbc$status, pbc$group, pbc$stratum)
gray("gray.pbc.edema.strata", pbc$time, pbc$status, pbc$edema, pbc$stratum)
gray("gray.pbc.edema.rho1", pbc$time, pbc$status, pbc$edema, rho = 1)
gray("gray.mgus2.sex", mg$time, mg$status, mg$group)
gray("gray.mgus2.sex.strata", mg$time, mg$status, mg$group, mg$stratum)
gray("gray.synth", syn$time, syn$status, syn$group)
gray("gray.synth.strata", syn$time, syn$status, syn$group, syn$stratum)
gray("gray.tiny", tiny$time, tiny$status, tiny$group)
# A group that is never at risk when cause 1 occurs: cuminc's variance is singular (statistic -1).
sing <- data.frame(time = c(5, 6, 7, 8, 9, 10, 1, 1, 2, 3, 4, 5, 0, 0),
                   status = c(1, 0, 1, 2, 1, 0, 2, 1, 0, 1, 2, 0, 0, 2),
                   group = c(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2))
write.csv(cbind(sing, stratum = 0), "cr_singular.csv", row.names = FALSE)
gray("gray.singular", sing$time, sing$status, sing$group)
# Within stratum 1 every subject has cause 1 and group 1 runs out early: the pooled incidence in Gray's
# weights reaches 1 while group 0 is still at risk, the variance holds NaN and cuminc stops in qr().
nonfin <- data.frame(time = c(9, 2, 29, 23, 11, 16, 29, 3, 9, 16, 4, 11),
                     status = c(0, 1, 1, 1, 0, 2, 1, 1, 1, 1, 1, 1),
                     group = c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0),
                     stratum = c(2, 1, 1, 1, 2, 0, 2, 1, 0, 0, 1, 1))
write.csv(nonfin, "cr_nonfinite.csv", row.names = FALSE)
err <- tryCatch({ cuminc(nonfin$time, nonfin$status, nonfin$group, nonfin$stratum); "none" },
                error = function(e) conditionMessage(e))
writeLines(paste0("# gray.nonfinite: cuminc error: ", err), out)
put("gray.nonfinite.error", as.numeric(err != "none"))
close(out)
