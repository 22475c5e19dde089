# Reference values for CoxRegressionReferenceTest, ContingencyReferenceTest.
# Produced with R 4.2.2, survival 3.5-3:
#   Rscript cox_reference.R > cox_reference.out
# Writes the data sets it uses (cox_lung.csv, cox_veteran.csv) beside itself so the Java test fits exactly the
# same rows. Output lines: "<case> <key> <value>", values with sprintf('%.17g').
suppressPackageStartupMessages(library(survival))
options(digits = 15, warn = 1)

lung_d <- lung[, c("time", "status", "age", "sex", "ph.ecog")]
write.csv(lung_d, "cox_lung.csv", row.names = FALSE, na = "NA")
vet_d <- veteran[, c("time", "status", "trt", "celltype", "karno")]
write.csv(vet_d, "cox_veteran.csv", row.names = FALSE)

report <- function(case, fit) {
  s <- summary(fit, conf.int = 0.95)
  cf <- s$coefficients
  ci <- s$conf.int
  for (term in rownames(cf)) {
    cat(case, paste0("coef.", term), sprintf("%.17g", cf[term, "coef"]), "\n")
    cat(case, paste0("se.", term), sprintf("%.17g", cf[term, "se(coef)"]), "\n")
    cat(case, paste0("hr.", term), sprintf("%.17g", cf[term, "exp(coef)"]), "\n")
    cat(case, paste0("lower.", term), sprintf("%.17g", ci[term, "lower .95"]), "\n")
    cat(case, paste0("upper.", term), sprintf("%.17g", ci[term, "upper .95"]), "\n")
    cat(case, paste0("z.", term), sprintf("%.17g", cf[term, "z"]), "\n")
    cat(case, paste0("p.", term), sprintf("%.17g", cf[term, "Pr(>|z|)"]), "\n")
  }
  cat(case, "loglik0", sprintf("%.17g", fit$loglik[1]), "\n")
  cat(case, "loglik", sprintf("%.17g", fit$loglik[2]), "\n")
  cat(case, "lr", sprintf("%.17g", s$logtest["test"]), "\n")
  cat(case, "lr.p", sprintf("%.17g", s$logtest["pvalue"]), "\n")
  # summary() rounds the Wald statistic to 2 decimals; fit$wald.test has full precision.
  cat(case, "wald", sprintf("%.17g", fit$wald.test), "\n")
  cat(case, "wald.p", sprintf("%.17g", pchisq(fit$wald.test, length(coef(fit)), lower.tail = FALSE)), "\n")
  cat(case, "score", sprintf("%.17g", s$sctest["test"]), "\n")
  cat(case, "score.p", sprintf("%.17g", s$sctest["pvalue"]), "\n")
  cat(case, "df", sprintf("%d", as.integer(s$logtest["df"])), "\n")
  cat(case, "n", sprintf("%d", fit$n), "\n")
  cat(case, "events", sprintf("%d", fit$nevent), "\n")
  cat(case, "iter", sprintf("%d", fit$iter), "\n")
  cc <- fit$concordance
  for (k in c("concordant", "discordant", "tied.x", "tied.y", "tied.xy", "concordance", "std")) {
    cat(case, paste0("conc.", k), sprintf("%.17g", cc[k]), "\n")
  }
}

# 1. lung: age + sex + ph.ecog (one row has ph.ecog NA and is dropped by na.omit), Efron and Breslow.
report("lung_efron", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d))
report("lung_breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d, ties = "breslow"))
# 90% intervals
f90 <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d)
s90 <- summary(f90, conf.int = 0.90)
for (term in rownames(s90$conf.int)) {
  cat("lung_efron90", paste0("lower.", term), sprintf("%.17g", s90$conf.int[term, 3]), "\n")
  cat("lung_efron90", paste0("upper.", term), sprintf("%.17g", s90$conf.int[term, 4]), "\n")
}
# Case weights 1,2,3,1,2,3,... (integer: equals duplicating rows)
lung_w <- na.omit(lung_d)
lung_w$w <- rep(c(1, 2, 3), length.out = nrow(lung_w))
report("lung_weighted", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_w, weights = w))

# 2. veteran: celltype against reference "large" (relevel), karno, trt (coded 1/2).
vet_d$celltype <- relevel(vet_d$celltype, ref = "large")
report("veteran_efron", coxph(Surv(time, status) ~ celltype + karno + trt, data = vet_d))

# 3. heavily tied times: veteran in 30-day months.
vet_m <- vet_d
vet_m$time <- ceiling(vet_m$time / 30)
report("veteran_months_efron", coxph(Surv(time, status) ~ karno + trt, data = vet_m))
report("veteran_months_breslow", coxph(Surv(time, status) ~ karno + trt, data = vet_m, ties = "breslow"))

# 4. monotone likelihood: in lung, grp = time > 800 has its two deaths only when everyone at risk is in grp.
lung_m <- lung_d
lung_m$grp <- as.numeric(lung_m$time > 800)
fm <- withCallingHandlers(coxph(Surv(time, status) ~ grp + age, data = lung_m),
  warning = function(w) { cat("lung_monotone warning", gsub(" +", "_", trimws(conditionMessage(w))), "\n");
                          invokeRestart("muffleWarning") })
cat("lung_monotone coef.grp", sprintf("%.17g", coef(fm)["grp"]), "\n")
cat("lung_monotone coef.age", sprintf("%.17g", coef(fm)["age"]), "\n")
cat("lung_monotone loglik", sprintf("%.17g", fm$loglik[2]), "\n")
cat("lung_monotone iter", sprintf("%d", fm$iter), "\n")

# 4b. iteration limit reached: coxph(..., iter.max = 2) warns "Ran out of iterations and did not converge".
fi <- withCallingHandlers(coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d, iter.max = 2),
  warning = function(w) { cat("lung_iter2 warning", gsub(" +", "_", trimws(conditionMessage(w))), "\n");
                          invokeRestart("muffleWarning") })
for (term in names(coef(fi))) cat("lung_iter2", paste0("coef.", term), sprintf("%.17g", coef(fi)[term]), "\n")
cat("lung_iter2 loglik", sprintf("%.17g", fi$loglik[2]), "\n")
cat("lung_iter2 iter", sprintf("%d", fi$iter), "\n")

# 5. Contingency tables: Pearson chi-square without continuity correction, Fisher's exact test.
tables <- list(
  t2x2a = matrix(c(3, 1, 1, 3), 2),
  t2x2b = matrix(c(12, 5, 7, 15), 2),
  t2x2c = matrix(c(50, 2, 3, 45), 2),
  t2x3 = matrix(c(10, 4, 6, 8, 2, 9), nrow = 2),
  t3x3 = matrix(c(2, 3, 6, 4, 1, 2, 0, 5, 3), 3),
  t3x4 = matrix(c(8, 2, 5, 3, 7, 1, 4, 4, 6, 1, 2, 9), 3),
  # Table 1 sized: arm x subtype in a cohort of 421
  t2x5 = matrix(c(40, 95, 22, 60, 18, 50, 25, 41, 12, 58), 2),
  t3x5 = matrix(c(12, 20, 9, 8, 15, 6, 5, 9, 11, 7, 3, 10, 4, 6, 8), 3)
)
for (nm in names(tables)) {
  m <- tables[[nm]]
  cat(nm, "cells", paste(as.vector(t(m)), collapse = ","), "\n")
  cat(nm, "rows", nrow(m), "\n")
  ct <- suppressWarnings(chisq.test(m, correct = FALSE))
  cat(nm, "chisq", sprintf("%.17g", ct$statistic), "\n")
  cat(nm, "chisq.df", sprintf("%d", as.integer(ct$parameter)), "\n")
  cat(nm, "chisq.p", sprintf("%.17g", ct$p.value), "\n")
  cat(nm, "fisher.p", sprintf("%.17g", fisher.test(m, workspace = 2e7)$p.value), "\n")
}

# 6. Descriptive statistics (Table 1): lung$age and lung$ph.ecog (one NA).
a <- lung_d$age
cat("desc_age mean", sprintf("%.17g", mean(a)), "\n")
cat("desc_age sd", sprintf("%.17g", sd(a)), "\n")
q <- quantile(a, c(0.25, 0.5, 0.75), type = 7)
cat("desc_age q1", sprintf("%.17g", q[1]), "\n")
cat("desc_age median", sprintf("%.17g", q[2]), "\n")
cat("desc_age q3", sprintf("%.17g", q[3]), "\n")
e <- lung_d$ph.ecog
cat("desc_ecog missing", sum(is.na(e)), "\n")
cat("desc_ecog mean", sprintf("%.17g", mean(e, na.rm = TRUE)), "\n")
cat("desc_ecog sd", sprintf("%.17g", sd(e, na.rm = TRUE)), "\n")
pt <- prop.table(table(e)) * 100
for (lv in names(pt)) cat("desc_ecog", paste0("pct.", lv), sprintf("%.17g", pt[lv]), "\n")
tt <- lung_d$time
qt <- quantile(tt, c(0.25, 0.5, 0.75), type = 7)
cat("desc_time mean", sprintf("%.17g", mean(tt)), "\n")
cat("desc_time sd", sprintf("%.17g", sd(tt)), "\n")
cat("desc_time q1", sprintf("%.17g", qt[1]), "\n")
cat("desc_time median", sprintf("%.17g", qt[2]), "\n")
cat("desc_time q3", sprintf("%.17g", qt[3]), "\n")
