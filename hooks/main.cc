// auc-hooks entry point (foundation in progress).
int main() { return 0; }
