# Reference values for CoxAliasingReferenceTest: which column R's coxph declares aliased (NA) and what it fits
# around it. R 4.2.2, survival 3.5-3:
#   cd src/test/resources/org/followupmonitor/survival/r && Rscript cox_aliasing_reference.R > cox_aliasing_reference.out
# Reads cox_lung.csv (written by cox_reference.R). Output lines: "<case> <key> <value>", values %.17g, NA as NA.
suppressPackageStartupMessages(library(survival))
options(digits = 15, warn = 1)
lung_d <- na.omit(read.csv("cox_lung.csv"))
lung_d$x3 <- 2 * lung_d$age - lung_d$sex + 5          # a linear combination of two columns
lung_d$ecog2 <- as.numeric(lung_d$ph.ecog >= 2)        # a 0/1 flag ...
lung_d$ecog2b <- lung_d$ecog2                          # ... and its copy
lung_d$four <- 4                                       # a constant

report <- function(case, formula) {
  fit <- coxph(formula, data = lung_d)
  s <- summary(fit)
  cf <- s$coefficients
  cat(case, "terms", paste(rownames(cf), collapse = ","), "\n")
  cat(case, "aliased", paste(c(rownames(cf)[is.na(cf[, "coef"])], "-"), collapse = ","), "\n")
  for (term in rownames(cf)) {
    v <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
    cat(case, paste0("coef.", term), v(cf[term, "coef"]), "\n")
    cat(case, paste0("se.", term), v(if (is.na(cf[term, "coef"])) NA else cf[term, "se(coef)"]), "\n")
    cat(case, paste0("p.", term), v(cf[term, "Pr(>|z|)"]), "\n")
  }
  cat(case, "loglik", sprintf("%.17g", fit$loglik[2]), "\n")
  cat(case, "lr", sprintf("%.17g", s$logtest["test"]), "\n")
  cat(case, "df", sprintf("%d", as.integer(s$logtest["df"])), "\n")
  cat(case, "wald", sprintf("%.17g", fit$wald.test), "\n")
  cat(case, "score", sprintf("%.17g", fit$score), "\n")
  cat(case, "concordance", sprintf("%.17g", fit$concordance["concordance"]), "\n")
}
report("combination_last", Surv(time, status) ~ age + sex + ph.ecog + x3)
report("combination_first", Surv(time, status) ~ x3 + age + sex + ph.ecog)
report("flag_copy", Surv(time, status) ~ ecog2 + age + ecog2b)
report("constant", Surv(time, status) ~ age + four + sex)
report("reduced", Surv(time, status) ~ age + sex + ph.ecog)
# Every term aliased: R prints "Likelihood ratio test=0 on 0 df, p=1" and has no Wald test (numeric(0)).
fa <- coxph(Surv(time, status) ~ four, data = lung_d)
sa <- summary(fa)
cat("all_aliased coef.four", ifelse(is.na(coef(fa)["four"]), "NA", "?"), "\n")
cat("all_aliased lr", sprintf("%.17g", sa$logtest["test"]), "\n")
cat("all_aliased df", sprintf("%d", as.integer(sa$logtest["df"])), "\n")
cat("all_aliased lr.p", sprintf("%.17g", sa$logtest["pvalue"]), "\n")
cat("all_aliased wald.length", length(fa$wald.test), "\n")
