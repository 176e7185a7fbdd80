#include "SeccompFilter.h"
