# Reference signed log-rank z for LogRankZReferenceTest.
# Run from this directory:  Rscript logrank_z_reference.R > logrank_z_reference.txt
# Reads the data the survival package's reference tests use (../../survival/r/lung.csv, veteran.csv).
# z = (O_2 - E_2) / sqrt(V_22) of survdiff with two groups (second level against the first);
# with more groups, each level against the first on the subset of those two levels.
suppressMessages(library(survival))
fmt <- function(x) sprintf("%.17g", x)
cat("# R ", R.version.string, "; survival ", as.character(packageVersion("survival")), "\n", sep = "")
lung <- read.csv("../../survival/r/lung.csv")
vet <- read.csv("../../survival/r/veteran.csv")
z <- function(fit) {
  obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  ex <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  (obs[2] - ex[2]) / sqrt(fit$var[2, 2])
}
cat("lung.sex=", fmt(z(survdiff(Surv(time, status) ~ sex, data = lung))), "\n", sep = "")
lungE <- lung[!is.na(lung$ph_ecog), ]
cat("lung.sex.ecog=", fmt(z(survdiff(Surv(time, status) ~ sex + strata(ph_ecog), data = lungE))), "\n", sep = "")
for (j in 2:4) {
  v <- vet[vet$celltype %in% c(1, j), ]
  cat("vet.celltype.", j, "vs1=", fmt(z(survdiff(Surv(time, status) ~ celltype, data = v))), "\n", sep = "")
  cat("vet.celltype.", j, "vs1.prior=",
      fmt(z(survdiff(Surv(time, status) ~ celltype + strata(prior), data = v))), "\n", sep = "")
}
