#include "Rlimits.h"
