/** ECharts with only the parts the app draws, so the bundle stays small. */
import { use, init } from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { CustomChart, ScatterChart } from 'echarts/charts'
import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, DataZoomComponent } from 'echarts/components'
import { TitleComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer])
// Decision boundary (heat map + points) and the regression scatter.
use([CustomChart, ScatterChart])
// Time per layer of the Cost view.
use([BarChart])
// Chart titles of the DBN views (overfitting label, AUC, threshold).
use([TitleComponent])

export { init }
export type { ECharts, EChartsCoreOption } from 'echarts/core'
