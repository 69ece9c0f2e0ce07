import numpy as np, itertools, time
from math import lgamma, exp, log
# Job: R matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4) column-major
Job = np.array([1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11]).reshape(4,4).T
print(Job, Job.sum(1), Job.sum(0), Job.sum())
def lf(n): return lgamma(n+1)
def fisher_rxc(T, rel=1e-7):
    T=np.asarray(T); R=T.sum(1); C=T.sum(0); N=T.sum()
    const = sum(lf(r) for r in R)+sum(lf(c) for c in C)-lf(N)
    def logp(tab): return const - sum(lf(v) for v in tab.flatten())
    lpobs = logp(T)
    # enumerate columns 0..c-2, last column determined
    nr=len(R); nc=len(C)
    def compositions(total, caps):
        # all vectors v>=0, sum=total, v_i<=caps_i
        if len(caps)==1:
            if total<=caps[0]: yield (total,)
            return
        for v in range(min(total,caps[0])+1):
            rest=total-v
            if rest <= sum(caps[1:]):
                for tail in compositions(rest, caps[1:]): yield (v,)+tail
    thr = lpobs + log(1+rel)
    ptotal=0.0; pval=0.0; count=0
    def rec(j, rem, acc):
        nonlocal ptotal, pval, count
        if j==nc-1:
            col=rem  # last column must equal remaining row sums and sum to C[-1]
            s = acc - sum(lf(v) for v in col)
            lp = const + s
            p = exp(lp); ptotal+=p; count+=1
            if lp <= thr: pval+=p
            return
        for col in compositions(C[j], list(rem)):
            rec(j+1, tuple(r-v for r,v in zip(rem,col)), acc - sum(lf(v) for v in col))
    rec(0, tuple(R), 0.0)
    return exp(lpobs), pval, ptotal, count
t0=time.time()
pobs,p,tot,cnt = fisher_rxc(Job)
print("Job: P(obs)=",repr(pobs)," p=",repr(p)," total prob=",repr(tot)," tables=",cnt, " secs",time.time()-t0)
# sanity: 2x2
for t in ([[3,1],[1,3]],[[2,15],[10,3]]):
    print(t, fisher_rxc(np.array(t))[:2])
# hand 2x3 and 3x3
for t in ([[3,1,0],[0,2,4]], [[2,0,1],[0,3,1],[1,0,4]], [[1,2,3],[3,2,1]]):
    r=fisher_rxc(np.array(t)); print(t, "P(obs)=",repr(r[0])," p=",repr(r[1]), "tot",r[2], "n tables", r[3])
