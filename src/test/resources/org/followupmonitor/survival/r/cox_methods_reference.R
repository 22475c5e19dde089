# Reference values for CoxMethodsReferenceTest: counting-process (start, stop] Cox models, strata, cluster-robust
# variance, the proportional-hazards test (cox.zph) and Kaplan-Meier curves on (start, stop] data.
# Produced with R 4.2.2, survival 3.5-3:
#   Rscript cox_methods_reference.R > cox_methods_reference.out
# Writes the data sets it uses (cox_heart.csv, cox_lung_inst.csv) beside itself so the Java test fits exactly the
# same rows. Output lines: "<case> <key> <value>", values with sprintf('%.17g').
suppressPackageStartupMessages(library(survival))
options(digits = 15, warn = 1)

heart_d <- heart[, c("id", "start", "stop", "event", "age", "year", "surgery", "transplant")]
heart_d$transplant <- as.numeric(as.character(heart_d$transplant))
write.csv(heart_d, "cox_heart.csv", row.names = FALSE)
lung_d <- na.omit(lung[, c("inst", "time", "status", "age", "sex", "ph.ecog")])
write.csv(lung_d, "cox_lung_inst.csv", row.names = FALSE)

g <- function(x) sprintf("%.17g", x)
out <- function(case, key, value) cat(case, key, g(value), "\n")

report <- function(case, fit) {
  s <- summary(fit, conf.int = 0.95)
  cf <- s$coefficients
  ci <- s$conf.int
  robust <- "robust se" %in% colnames(cf)
  for (term in rownames(cf)) {
    out(case, paste0("coef.", term), cf[term, "coef"])
    out(case, paste0("se.", term), cf[term, "se(coef)"])
    if (robust) out(case, paste0("robust.se.", term), cf[term, "robust se"])
    out(case, paste0("hr.", term), cf[term, "exp(coef)"])
    out(case, paste0("lower.", term), ci[term, "lower .95"])
    out(case, paste0("upper.", term), ci[term, "upper .95"])
    out(case, paste0("z.", term), cf[term, "z"])
    out(case, paste0("p.", term), cf[term, "Pr(>|z|)"])
  }
  out(case, "loglik0", fit$loglik[1])
  out(case, "loglik", fit$loglik[2])
  out(case, "lr", s$logtest["test"])
  out(case, "lr.p", s$logtest["pvalue"])
  out(case, "wald", fit$wald.test)
  out(case, "wald.p", pchisq(fit$wald.test, sum(!is.na(coef(fit))), lower.tail = FALSE))
  out(case, "score", s$sctest["test"])
  out(case, "score.p", s$sctest["pvalue"])
  if (robust) {
    out(case, "rscore", s$robscore["test"])
    out(case, "rscore.p", s$robscore["pvalue"])
  }
  cat(case, "df", sprintf("%d", as.integer(s$logtest["df"])), "\n")
  cat(case, "n", sprintf("%d", fit$n), "\n")
  cat(case, "events", sprintf("%d", fit$nevent), "\n")
  cat(case, "iter", sprintf("%d", fit$iter), "\n")
  for (k in names(fit$means)) out(case, paste0("mean.", k), fit$means[k])
  cc <- fit$concordance
  for (k in c("concordant", "discordant", "tied.x", "tied.y", "tied.xy", "concordance")) {
    out(case, paste0("conc.", k), cc[k])
  }
}

zph <- function(case, fit) {
  for (tr in c("km", "identity", "rank", "log")) {
    z <- cox.zph(fit, transform = tr)
    for (term in rownames(z$table)) {
      out(case, paste0(tr, ".chisq.", term), z$table[term, "chisq"])
      cat(case, paste0(tr, ".df.", term), sprintf("%d", as.integer(z$table[term, "df"])), "\n")
      out(case, paste0(tr, ".p.", term), z$table[term, "p"])
    }
  }
}

# 1. Counting process: the Stanford heart transplant data, transplant as a time-varying covariate.
f1 <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart_d)
report("heart_efron", f1)
zph("heart_efron", f1)
f2 <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart_d, ties = "breslow")
report("heart_breslow", f2)
zph("heart_breslow", f2)
# ... stratified by surgery, and with the patients as clusters (robust variance).
report("heart_strata", coxph(Surv(start, stop, event) ~ age + year + transplant + strata(surgery), data = heart_d))
zph("heart_strata", coxph(Surv(start, stop, event) ~ age + year + transplant + strata(surgery), data = heart_d))
report("heart_cluster", coxph(Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id),
                              data = heart_d))

# 2. Right-censored: lung with strata (sex), with clusters (institution), with both; Breslow and weights.
report("lung_strata", coxph(Surv(time, status) ~ age + ph.ecog + strata(sex), data = lung_d))
zph("lung_strata", coxph(Surv(time, status) ~ age + ph.ecog + strata(sex), data = lung_d))
report("lung_cluster", coxph(Surv(time, status) ~ age + sex + ph.ecog + cluster(inst), data = lung_d))
report("lung_cluster_breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog + cluster(inst), data = lung_d,
                                     ties = "breslow"))
report("lung_strata_cluster", coxph(Surv(time, status) ~ age + ph.ecog + strata(sex) + cluster(inst),
                                    data = lung_d))
lung_w <- lung_d
lung_w$w <- rep(c(1, 2, 3), length.out = nrow(lung_w))
fw <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_w, weights = w)
zph("lung_weighted", fw)
f3 <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d)
zph("lung_plain", f3)
zph("lung_plain_breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung_d, ties = "breslow"))
# A factor: one row with df = levels - 1 (veteran's celltype against "large").
vet <- veteran
vet$celltype <- relevel(vet$celltype, ref = "large")
zph("veteran_celltype", coxph(Surv(time, status) ~ celltype + karno + trt, data = vet))

# 3. Kaplan-Meier on (start, stop] rows by the current value of transplant (Simon-Makuch).
km <- survfit(Surv(start, stop, event) ~ transplant, data = heart_d)
for (k in seq_along(km$strata)) {
  idx <- (c(0, cumsum(km$strata))[k] + 1):cumsum(km$strata)[k]
  case <- paste0("heart_km_", k - 1)
  cat(case, "time", paste(g(km$time[idx]), collapse = ","), "\n")
  cat(case, "n.risk", paste(g(km$n.risk[idx]), collapse = ","), "\n")
  cat(case, "n.event", paste(g(km$n.event[idx]), collapse = ","), "\n")
  cat(case, "n.censor", paste(g(km$n.censor[idx]), collapse = ","), "\n")
  cat(case, "surv", paste(g(km$surv[idx]), collapse = ","), "\n")
  cat(case, "std.err", paste(g(km$std.err[idx]), collapse = ","), "\n")
}
